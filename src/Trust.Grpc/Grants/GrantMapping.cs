using Trust.Application.Grants;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Grpc.Services;
using Trust.Grpc.V1;
using CoreServiceItem = Trust.Core.Services.ServiceItem;
using ProtoServiceItem = Trust.Grpc.V1.ServiceItem;

namespace Trust.Grpc.Grants;

/// <summary>Conversions between Trust.Core grant types and trust.v1 grant messages.</summary>
internal static class GrantMapping
{
    /// <summary>The holder id as shown to a clerk (the middle replaced by <c>*</c>).</summary>
    public static string MaskHolder(string holderId) => GrantCheckReport.MaskHolder(holderId);

    /// <summary>
    /// The response for one check: <see cref="GrantCheckReport"/> (built by the application layer, which decides
    /// what a denied check reveals and the licences' canonical department codes) in trust.v1 fields.
    /// </summary>
    public static CheckGrantResponse ToProto(GrantCheckResult result, ReadOnlyMemory<byte> grantBytes, CoreServiceItem? item, IssuingDepartmentDirectory departments)
    {
        var report = GrantCheckReport.From(result, grantBytes, item, departments);
        var response = new CheckGrantResponse
        {
            Allowed = report.Allowed,
            Verdict = report.Verdict,
            GrantId = report.GrantId ?? "",
            ServiceItem = report.ServiceItem,
            Indication = report.Indication,
            SubIndication = report.SubIndication,
        };
        response.Reasons.AddRange(report.Reasons);
        if (report.Details is not { } details)
        {
            return response;
        }

        response.HolderMasked = details.HolderMasked;
        response.Purpose = details.Purpose;
        response.ExpiresAt = ProtoMapping.ToProto(details.ExpiresAt);
        response.SingleUse = details.SingleUse;
        response.Complete = details.Complete;
        foreach (var licence in report.Licences)
        {
            response.Licences.Add(ToProto(licence));
        }

        return response;
    }

    public static ProtoServiceItem ToProto(CoreServiceItem item)
    {
        var proto = new ProtoServiceItem
        {
            Code = item.Code,
            NameZh = item.NameZh,
            NameEn = item.NameEn,
            Department = item.Department,
            Holder = item.HolderKind == HolderKind.Person ? "person" : "organisation",
        };
        proto.RequiredLicenceTypes.AddRange(item.RequiredLicenceTypes);
        proto.AcceptedLicenceTypes.AddRange(item.AcceptedLicenceTypes);
        foreach (var field in item.Form)
        {
            proto.Form.Add(new FormField { Field = field.Field, LabelZh = field.LabelZh, LabelEn = field.LabelEn, From = field.From });
        }

        return proto;
    }

    private static GrantLicence ToProto(GrantLicenceReport licence)
    {
        var proto = new GrantLicence
        {
            Type = licence.Type,
            Required = licence.Required,
            Found = licence.Found,
            Verdict = licence.Verdict,
            LicenceId = licence.LicenceId ?? "",
            Department = licence.Department ?? "",
            Indication = licence.Indication ?? "",
            SubIndication = licence.SubIndication ?? "",
        };
        proto.Reasons.AddRange(licence.Reasons);
        if (licence.ValidFrom is { } from)
        {
            proto.ValidFrom = ProtoMapping.ToProto(from);
        }

        if (licence.ValidUntil is { } until)
        {
            proto.ValidUntil = ProtoMapping.ToProto(until);
        }

        foreach (var (field, value) in licence.Form)
        {
            proto.Form.Add(field, value);
        }

        foreach (var value in licence.FormFields)
        {
            proto.FormFields.Add(new FormValue { Field = value.Field, LabelZh = value.LabelZh, LabelEn = value.LabelEn, From = value.From, Value = value.Value });
        }

        return proto;
    }
}
