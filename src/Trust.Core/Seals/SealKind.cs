namespace Trust.Core.Seals;

/// <summary>
/// The kinds of government seal Trust makes, written as the integer <c>type</c> of
/// <c>SES_ESPropertyInfo</c>. GB/T 38540-2020 leaves the meaning of the code to the seal system;
/// these are Trust's codes and are stable.
/// </summary>
public enum SealKind
{
    /// <summary>1: official seal of a department (公章).</summary>
    Official = 1,

    /// <summary>2: administrative approval seal (行政审批专用章).</summary>
    AdministrativeApproval = 2,

    /// <summary>3: electronic licence seal (电子证照专用章).</summary>
    ELicence = 3,

    /// <summary>4: business seal (业务专用章).</summary>
    Business = 4,
}

/// <summary>Names of <see cref="SealKind"/> values.</summary>
public static class SealKinds
{
    /// <summary>The Chinese name of a kind as it appears in a seal name, for example <c>公章</c>.</summary>
    public static string ChineseName(SealKind kind) => kind switch
    {
        SealKind.Official => "公章",
        SealKind.AdministrativeApproval => "行政审批专用章",
        SealKind.ELicence => "电子证照专用章",
        SealKind.Business => "业务专用章",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown seal kind."),
    };

    /// <summary>A short ASCII code used in seal identifiers: <c>GZ</c>, <c>SP</c>, <c>ZZ</c>, <c>YW</c>.</summary>
    public static string Code(SealKind kind) => kind switch
    {
        SealKind.Official => "GZ",
        SealKind.AdministrativeApproval => "SP",
        SealKind.ELicence => "ZZ",
        SealKind.Business => "YW",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown seal kind."),
    };
}
