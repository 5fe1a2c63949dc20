using Google.Protobuf.WellKnownTypes;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Grpc.V1;
using CoreStatus = Trust.Core.Status.LicenceStatus;

namespace Trust.Grpc.Services;

/// <summary>Conversions between Trust.Core types and trust.v1 messages.</summary>
internal static class ProtoMapping
{
    public static VerificationResult ToProto(LicenceVerificationResult result)
    {
        var proto = new VerificationResult
        {
            Verdict = ToProto(result.Verdict),
            VerdictText = result.VerdictText,
            LicenceId = result.LicenceId ?? "",
        };
        var outcome = result.Outcome;
        proto.Indication = outcome.Indication.ToText();
        proto.SubIndication = outcome.SubIndication.ToText();
        proto.Reasons.AddRange(result.Reasons);
        return proto;
    }

    public static Verdict ToProto(LicenceVerdict verdict) => verdict switch
    {
        LicenceVerdict.Valid => Verdict.Valid,
        LicenceVerdict.Revoked => Verdict.Revoked,
        LicenceVerdict.Suspended => Verdict.Suspended,
        LicenceVerdict.Expired => Verdict.Expired,
        LicenceVerdict.NotYetValid => Verdict.NotYetValid,
        LicenceVerdict.Untrusted => Verdict.Untrusted,
        _ => Verdict.Invalid,
    };

    public static LicenceStatus ToProto(CoreStatus status) => status switch
    {
        CoreStatus.Valid => LicenceStatus.Valid,
        CoreStatus.Suspended => LicenceStatus.Suspended,
        CoreStatus.Revoked => LicenceStatus.Revoked,
        _ => LicenceStatus.Unspecified,
    };

    public static Timestamp ToProto(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static DateTimeOffset? FromProto(Timestamp? time) => time?.ToDateTimeOffset();
}
