using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Core.Services;
using Trust.Grpc.Services;
using Trust.Grpc.V1;
using CoreServiceItem = Trust.Core.Services.ServiceItem;
using ProtoServiceItem = Trust.Grpc.V1.ServiceItem;

namespace Trust.Grpc.Grants;

/// <summary>Conversions between Trust.Core grant types and trust.v1 grant messages.</summary>
internal static class GrantMapping
{
    private static readonly FieldTransform HolderMask = FieldTransform.TryParse("mask")!;

    /// <summary>The holder id as shown to a clerk (the middle replaced by <c>*</c>).</summary>
    public static string MaskHolder(string holderId) => HolderMask.Apply(holderId);

    /// <summary>
    /// The response for one check. Grant details (masked holder, purpose, expiry) only when allowed: a denied
    /// check reveals nothing about the grant but its id. A licence's department is shown by its canonical code
    /// (<c>PSB-01</c>, as <c>trust license verify --json</c> does), found in <paramref name="departments"/>.
    /// </summary>
    public static CheckGrantResponse ToProto(GrantCheckResult result, ReadOnlyMemory<byte> grantBytes, CoreServiceItem? item, IssuingDepartmentDirectory departments)
    {
        var response = new CheckGrantResponse
        {
            Allowed = result.IsAllowed,
            Verdict = result.VerdictText,
            GrantId = result.GrantId ?? "",
            ServiceItem = result.ServiceItemCode,
            Indication = result.Outcome.Indication.ToText(),
            SubIndication = result.Outcome.SubIndication.ToText(),
        };
        response.Reasons.AddRange(result.Reasons);
        if (!result.IsAllowed)
        {
            return response;
        }

        var payload = SignedGrant.Decode(grantBytes).Payload; // allowed: the bytes decoded and verified already
        response.HolderMasked = MaskHolder(payload.HolderId);
        response.Purpose = payload.Purpose;
        response.ExpiresAt = ProtoMapping.ToProto(payload.ExpiresAt);
        response.SingleUse = payload.SingleUse;
        response.Complete = result.Licences.Where(l => l.Required).All(l => l.Verdict == LicenceVerdict.Valid);
        foreach (var licence in result.Licences)
        {
            response.Licences.Add(ToProto(licence, item, departments));
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

    private static GrantLicence ToProto(GrantLicenceResult licence, CoreServiceItem? item, IssuingDepartmentDirectory departments)
    {
        var proto = new GrantLicence
        {
            Type = licence.LicenceType,
            Required = licence.Required,
            Found = licence.Found,
            Verdict = licence.VerdictText,
            LicenceId = licence.LicenceId ?? "",
            Department = licence.IssuerDepartment is { } form ? departments.CanonicalOf(form) ?? form : "",
            Indication = licence.Outcome?.Indication.ToText() ?? "",
            SubIndication = licence.Outcome?.SubIndication.ToText() ?? "",
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

        foreach (var mapping in item?.FormFieldsFrom(licence.LicenceType) ?? [])
        {
            if (licence.Form.TryGetValue(mapping.Field, out var value))
            {
                proto.FormFields.Add(new FormValue { Field = mapping.Field, LabelZh = mapping.LabelZh, LabelEn = mapping.LabelEn, From = mapping.From, Value = value });
            }
        }

        return proto;
    }
}
