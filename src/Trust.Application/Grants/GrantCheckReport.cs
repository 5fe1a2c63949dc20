using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Core.Services;

namespace Trust.Application.Grants;

/// <summary>
/// What both hosts show of one grant check: the CLI's <c>grant check --json</c>, the server's <c>CheckGrantResponse</c>
/// (gRPC, JSON API, clerk page). Built once from the checker's result; the hosts only rename fields. The grant's details
/// (masked holder, purpose, expiry, single use, completeness) only when allowed: a denied check reveals nothing about
/// the grant but its id. A licence's department is shown by its canonical PKI code (<c>PSB-01</c>).
/// </summary>
/// <param name="Allowed">Whether the clerk may see the licences.</param>
/// <param name="Verdict">The verdict word (<c>allowed</c> / <c>denied</c>).</param>
/// <param name="Reasons">Reason codes of a denial.</param>
/// <param name="Indication">ETSI main indication.</param>
/// <param name="SubIndication">ETSI sub-indication; empty when passed.</param>
/// <param name="GrantId">The grant id when it could be read.</param>
/// <param name="ServiceItem">The service item checked.</param>
/// <param name="Details">The grant's details; null when denied.</param>
/// <param name="Licences">Per licence type of the item; empty when denied.</param>
public sealed record GrantCheckReport(
    bool Allowed,
    string Verdict,
    IReadOnlyList<string> Reasons,
    string Indication,
    string SubIndication,
    string? GrantId,
    string ServiceItem,
    GrantDetailsReport? Details,
    IReadOnlyList<GrantLicenceReport> Licences)
{
    private static readonly FieldTransform Mask = FieldTransform.TryParse("mask")!;

    /// <summary>A holder id as a clerk sees it (the middle replaced by <c>*</c>).</summary>
    /// <param name="holderId">The holder id.</param>
    public static string MaskHolder(string holderId) => Mask.Apply(holderId);

    /// <summary>The report of <paramref name="result"/>.</summary>
    /// <param name="result">The checker's result.</param>
    /// <param name="grantBytes">The grant as checked (decoded again for the details when allowed).</param>
    /// <param name="item">The service item (for the form fields' labels); null when unknown.</param>
    /// <param name="departments">The PKI's departments, for canonical codes.</param>
    public static GrantCheckReport From(GrantCheckResult result, ReadOnlyMemory<byte> grantBytes, ServiceItem? item, IssuingDepartmentDirectory departments)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(departments);
        GrantDetailsReport? details = null;
        if (result.IsAllowed)
        {
            var payload = SignedGrant.Decode(grantBytes).Payload; // allowed: the bytes decoded and verified already
            details = new GrantDetailsReport(MaskHolder(payload.HolderId), payload.Purpose, payload.ExpiresAt, payload.SingleUse,
                result.Licences.Where(l => l.Required).All(l => l.Verdict == LicenceVerdict.Valid));
        }

        return new GrantCheckReport(result.IsAllowed, result.VerdictText, result.Reasons, result.Outcome.Indication.ToText(),
            result.Outcome.SubIndication.ToText(), result.GrantId, result.ServiceItemCode, details,
            [.. result.Licences.Select(l => LicenceReport(l, item, departments))]);
    }

    private static GrantLicenceReport LicenceReport(GrantLicenceResult licence, ServiceItem? item, IssuingDepartmentDirectory departments) => new(
        licence.LicenceType,
        licence.Required,
        licence.Found,
        licence.VerdictText,
        licence.LicenceId,
        licence.IssuerDepartment is { } form ? departments.CanonicalOf(form) ?? form : null,
        licence.IssuerDepartment,
        licence.Outcome?.Indication.ToText(),
        licence.Outcome?.SubIndication.ToText(),
        licence.Reasons,
        licence.ValidFrom,
        licence.ValidUntil,
        licence.Form,
        [.. (item?.FormFieldsFrom(licence.LicenceType) ?? [])
            .Where(m => licence.Form.ContainsKey(m.Field))
            .Select(m => new GrantFormValue(m.Field, m.LabelZh, m.LabelEn, m.From, licence.Form[m.Field]))]);
}

/// <summary>The details of an allowed grant.</summary>
/// <param name="HolderMasked">The holder id, masked.</param>
/// <param name="Purpose">The purpose the holder gave.</param>
/// <param name="ExpiresAt">End of the grant's validity.</param>
/// <param name="SingleUse">Whether the grant could be used once only.</param>
/// <param name="Complete">Whether every required licence type has a valid licence.</param>
public sealed record GrantDetailsReport(string HolderMasked, string Purpose, DateTimeOffset ExpiresAt, bool SingleUse, bool Complete);

/// <summary>One licence type of the service item in a grant check.</summary>
/// <param name="Type">The licence type code.</param>
/// <param name="Required">Required (else accepted) by the item.</param>
/// <param name="Found">Whether the holder has one.</param>
/// <param name="Verdict">The verdict word of the best licence, or <c>missing</c>.</param>
/// <param name="LicenceId">The licence used.</param>
/// <param name="Department">Its department's canonical PKI code (<c>PSB-01</c>).</param>
/// <param name="DepartmentLicenceForm">The department as the licence names it (<c>PSB01</c>).</param>
/// <param name="Indication">ETSI main indication of the licence; null when not found.</param>
/// <param name="SubIndication">ETSI sub-indication; null when not found.</param>
/// <param name="Reasons">The licence's reason codes.</param>
/// <param name="ValidFrom">Start of the licence's validity.</param>
/// <param name="ValidUntil">End of the licence's validity.</param>
/// <param name="Form">Form values by field code (only from a valid licence).</param>
/// <param name="FormFields">The same values with the item's labels and sources.</param>
public sealed record GrantLicenceReport(
    string Type,
    bool Required,
    bool Found,
    string Verdict,
    string? LicenceId,
    string? Department,
    string? DepartmentLicenceForm,
    string? Indication,
    string? SubIndication,
    IReadOnlyList<string> Reasons,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<GrantFormValue> FormFields);

/// <summary>A form value with the service item's labels.</summary>
/// <param name="Field">The form field code.</param>
/// <param name="LabelZh">Chinese label.</param>
/// <param name="LabelEn">English label.</param>
/// <param name="From">Where the value comes from (licence field).</param>
/// <param name="Value">The value.</param>
public sealed record GrantFormValue(string Field, string LabelZh, string LabelEn, string From, string Value);
