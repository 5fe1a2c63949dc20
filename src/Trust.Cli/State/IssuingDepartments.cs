using Trust.Core.Licences;
using Trust.Core.Pki.Development;

namespace Trust.Cli.State;

/// <summary>
/// Chooses the department of the PKI that issues a licence type: the catalog names a department
/// kind (<c>SAMR</c>, <c>MCA</c>, ...), the development PKI has concrete municipal departments
/// (<c>SAMR</c>, <c>CAB</c>, district branches such as <c>CAB-03</c>). A city-level department
/// of the kind is preferred to a district branch; kinds without a department of their own fall
/// back to the Administrative Approval Bureau (<c>AAB</c>), which in Chinese cities issues many
/// permits on behalf of other departments.
/// </summary>
internal static class IssuingDepartments
{
    /// <summary>The fallback department code for kinds without a department of their own.</summary>
    internal const string ApprovalBureau = "AAB";

    /// <summary>PKI department code (without the district suffix) to catalog department kind.</summary>
    private static readonly Dictionary<string, string> KindOfCode = new(StringComparer.Ordinal)
    {
        ["SAMR"] = "SAMR", ["PSB"] = "PSB", ["CAB"] = "MCA", ["HC"] = "NHC", ["EDU"] = "MOE",
        ["HRSS"] = "MOHRSS", ["NRP"] = "MNR", ["HURD"] = "MOHURD", ["TRANS"] = "MOT", ["EEB"] = "MEE",
        ["TAX"] = "TAX", ["JUS"] = "MOJ", ["IIT"] = "MIIT", ["COM"] = "MOFCOM", ["CRTT"] = "MCT",
        ["ARA"] = "MARA", ["WAB"] = "MWR", ["EMB"] = "MEM", ["VAB"] = "MOVA", ["HSA"] = "NHSA",
        ["UMB"] = "CUM", ["SPORT"] = "SPORT", ["FOR"] = "NFGA", ["HPF"] = "HPF", ["FIRE"] = "FIRE",
        ["TOB"] = "TOBACCO", ["DPF"] = "CDPF", ["TPD"] = "PSB", ["EEA"] = "PSB",
    };

    /// <summary>The catalog department kind of a PKI department code, or null when it has none.</summary>
    internal static string? KindOf(string departmentCode)
    {
        var dash = departmentCode.IndexOf('-', StringComparison.Ordinal);
        var city = dash < 0 ? departmentCode : departmentCode[..dash];
        return KindOfCode.GetValueOrDefault(city);
    }

    /// <summary>
    /// The department code written into licence identifiers and payloads: the PKI code without
    /// hyphens (<c>CAB-03</c> becomes <c>CAB03</c>), because identifiers allow only upper-case
    /// letters and digits.
    /// </summary>
    internal static string LicenceCode(string departmentCode) => departmentCode.Replace("-", "", StringComparison.Ordinal);

    /// <summary>
    /// The department that issues <paramref name="type"/>: <paramref name="requested"/> when given
    /// (it must exist), else the first department of the type's kind, city level first, else
    /// <see cref="ApprovalBureau"/>.
    /// </summary>
    /// <exception cref="CliUsageException">No such department, or none can issue the type.</exception>
    internal static PkiDepartment Choose(DevelopmentPkiManifest manifest, LicenceType type, string? requested, Action<string> warn)
    {
        if (requested is not null)
        {
            var chosen = manifest.Departments.FirstOrDefault(d => string.Equals(d.Code, requested, StringComparison.Ordinal))
                ?? throw new CliUsageException($"--department {requested}: no such department in the PKI");
            if (KindOf(chosen.Code) != type.DepartmentKind)
            {
                warn($"{type.Code} is normally issued by a {type.DepartmentKind} department; issuing by {chosen.Code} as asked");
            }

            return chosen;
        }

        var candidates = manifest.Departments.Where(d => KindOf(d.Code) == type.DepartmentKind).ToList();
        var best = candidates.FirstOrDefault(d => !d.Code.Contains('-', StringComparison.Ordinal)) ?? candidates.FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        var fallback = manifest.Departments.FirstOrDefault(d => d.Code == ApprovalBureau);
        if (fallback is not null)
        {
            warn($"the PKI has no {type.DepartmentKind} department; {ApprovalBureau} issues {type.Code}");
            return fallback;
        }

        throw new CliUsageException(
            $"--type {type.Code}: the PKI has no {type.DepartmentKind} department (and no {ApprovalBureau}); pass --department CODE");
    }
}
