using System.Diagnostics.CodeAnalysis;

namespace Trust.Core.Licences;

/// <summary>
/// The one rule for issuing-department codes, shared by the CLI and the server.
/// </summary>
/// <remarks>
/// <para>The canonical code is the PKI's (<c>pki.json</c>, tokens, client certificates, roles):
/// a city department such as <c>SAMR</c> or a district branch such as <c>CAB-03</c> (2 to 16 characters:
/// upper-case letters or digits starting with a letter, optionally <c>-</c> and a two-digit district number).</para>
/// <para>Licence identifiers, licence payloads, store records and status lists carry the <em>licence form</em>,
/// the code without its hyphen (<c>CAB03</c>), because identifier segments are letters and digits only
/// (<see cref="Identifiers.LicenceId"/>). Mapping the licence form back to the canonical code needs the PKI's
/// list of departments: see <c>IssuingDepartmentDirectory</c> (in the development PKI project, <c>src/Trust.Development</c>).</para>
/// <para>Every department has one status list, <see cref="StatusListId"/> (<c>CAB-03/licences</c>).</para>
/// </remarks>
public static class DepartmentCode
{
    /// <summary>Longest canonical code.</summary>
    public const int MaxLength = 16;

    /// <summary>Whether <paramref name="code"/> is a canonical department code (<c>SAMR</c>, <c>PSB-01</c>).</summary>
    public static bool IsValid([NotNullWhen(true)] string? code)
    {
        if (code is null || code.Length is < 2 or > MaxLength)
        {
            return false;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        var city = dash < 0 ? code : code[..dash];
        if (city.Length < 2 || !IsUpperLetter(city[0]))
        {
            return false;
        }

        foreach (var c in city)
        {
            if (!IsUpperLetter(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return dash < 0 || (code.Length == dash + 3 && char.IsAsciiDigit(code[dash + 1]) && char.IsAsciiDigit(code[dash + 2]));
    }

    /// <summary>
    /// The form written into licence identifiers, payloads, store records and status lists: the canonical code without
    /// its hyphen (<c>CAB-03</c> becomes <c>CAB03</c>).
    /// </summary>
    /// <exception cref="TrustFormatException">Not a canonical department code (field <c>department</c>).</exception>
    public static string ToLicenceForm(string code) => Check(code).Replace("-", "", StringComparison.Ordinal);

    /// <summary>
    /// The id of the department's status list (<c>SAMR/licences</c>, <c>CAB-03/licences</c>): every licence of the
    /// department, whichever host issued it, takes its status index from this list.
    /// </summary>
    /// <exception cref="TrustFormatException">Not a canonical department code (field <c>department</c>).</exception>
    public static string StatusListId(string code) => Check(code) + "/licences";

    /// <summary>
    /// The catalog department kind (<see cref="LicenceType.DepartmentKind"/>) of a canonical code: <c>CAB-03</c> is a
    /// branch of <c>CAB</c>, kind <c>MCA</c>. Null when the code has no kind of its own or is not a department code.
    /// </summary>
    public static string? KindOf(string? code)
    {
        if (!IsValid(code))
        {
            return null;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return KindOfCity.GetValueOrDefault(dash < 0 ? code : code[..dash]);
    }

    /// <summary>
    /// Whether two codes name the same department, each in either form (<c>PSB-01</c> or the licence form <c>PSB01</c>).
    /// Never throws: codes read from hostile artefacts are compared as text, case-sensitively, hyphens ignored.
    /// </summary>
    public static bool AreSame(string? a, string? b) =>
        a is not null && b is not null && a.Length > 0
        && string.Equals(a.Replace("-", "", StringComparison.Ordinal), b.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);

    /// <summary>Whether <paramref name="code"/> is a district branch (<c>PSB-01</c>) rather than a city department.</summary>
    public static bool IsDistrict(string code) => IsValid(code) && code.Contains('-', StringComparison.Ordinal);

    private static string Check(string code)
    {
        if (!IsValid(code))
        {
            throw new TrustFormatException("department",
                "department code must be 2 to 16 characters: an upper-case letter, upper-case letters or digits, optionally -NN (for example SAMR or PSB-01)");
        }

        return code;
    }

    private static bool IsUpperLetter(char c) => c is >= 'A' and <= 'Z';

    /// <summary>City department code (without the district suffix) to catalog department kind.</summary>
    private static readonly Dictionary<string, string> KindOfCity = new(StringComparer.Ordinal)
    {
        ["SAMR"] = "SAMR", ["PSB"] = "PSB", ["CAB"] = "MCA", ["HC"] = "NHC", ["EDU"] = "MOE",
        ["HRSS"] = "MOHRSS", ["NRP"] = "MNR", ["HURD"] = "MOHURD", ["TRANS"] = "MOT", ["EEB"] = "MEE",
        ["TAX"] = "TAX", ["JUS"] = "MOJ", ["IIT"] = "MIIT", ["COM"] = "MOFCOM", ["CRTT"] = "MCT",
        ["ARA"] = "MARA", ["WAB"] = "MWR", ["EMB"] = "MEM", ["VAB"] = "MOVA", ["HSA"] = "NHSA",
        ["UMB"] = "CUM", ["SPORT"] = "SPORT", ["FOR"] = "NFGA", ["HPF"] = "HPF", ["FIRE"] = "FIRE",
        ["TOB"] = "TOBACCO", ["DPF"] = "CDPF", ["TPD"] = "PSB", ["EEA"] = "PSB",
    };
}
