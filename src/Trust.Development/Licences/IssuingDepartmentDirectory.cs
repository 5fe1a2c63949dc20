using Trust.Core.Pki.Development;

namespace Trust.Core.Licences;

/// <summary>
/// The issuing departments of a PKI (<c>pki.json</c>), by canonical code and by licence form (see
/// <see cref="DepartmentCode"/>), and the choice of the department that issues a licence type. The CLI and the
/// server both use it, so they agree on which department a code or a licence belongs to.
/// </summary>
/// <remarks>
/// Choosing by type: the catalog names a department kind (<c>SAMR</c>, <c>MCA</c>, ...); a city-level department
/// of the kind is preferred to a district branch; kinds without a department of their own fall back to the
/// Administrative Approval Bureau (<see cref="ApprovalBureau"/>), which in Chinese cities issues many permits on
/// behalf of other departments.
/// </remarks>
public sealed class IssuingDepartmentDirectory
{
    /// <summary>The fallback department code for kinds without a department of their own.</summary>
    public const string ApprovalBureau = "AAB";

    private readonly List<PkiDepartment> _departments = [];
    private readonly Dictionary<string, PkiDepartment> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PkiDepartment> _byLicenceForm = new(StringComparer.Ordinal);

    /// <summary>A directory of <paramref name="departments"/>.</summary>
    /// <exception cref="TrustFormatException">Two departments share a code or a licence form (field <c>department</c>).</exception>
    public IssuingDepartmentDirectory(IEnumerable<PkiDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        foreach (var department in departments)
        {
            if (!_byCode.TryAdd(department.Code, department))
            {
                throw new TrustFormatException("department", $"department {department.Code} is listed twice");
            }

            // A code that is not a department code stays findable but cannot issue licences (no licence form).
            if (DepartmentCode.IsValid(department.Code) && !_byLicenceForm.TryAdd(DepartmentCode.ToLicenceForm(department.Code), department))
            {
                throw new TrustFormatException("department", $"department {department.Code} shares its licence form with {_byLicenceForm[DepartmentCode.ToLicenceForm(department.Code)].Code}");
            }

            _departments.Add(department);
        }
    }

    /// <summary>A directory of the departments of <paramref name="manifest"/>.</summary>
    /// <exception cref="TrustFormatException">See <see cref="IssuingDepartmentDirectory(IEnumerable{PkiDepartment})"/>.</exception>
    public static IssuingDepartmentDirectory From(DevelopmentPkiManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new IssuingDepartmentDirectory(manifest.Departments);
    }

    /// <summary>The departments, in manifest order.</summary>
    public IReadOnlyList<PkiDepartment> Departments => _departments;

    /// <summary>The department with canonical code <paramref name="code"/> (<c>PSB-01</c>), or null.</summary>
    public PkiDepartment? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var found) ? found : null;

    /// <summary>
    /// The department whose licence form (<c>PSB01</c>, as in licence identifiers and payloads) is <paramref name="licenceForm"/>, or null.
    /// </summary>
    public PkiDepartment? FindByLicenceForm(string? licenceForm) =>
        licenceForm is not null && _byLicenceForm.TryGetValue(licenceForm, out var found) ? found : null;

    /// <summary>
    /// The canonical code of the department that issued a licence whose payload or record names
    /// <paramref name="licenceForm"/>; null when the PKI has no such department.
    /// </summary>
    public string? CanonicalOf(string? licenceForm) => FindByLicenceForm(licenceForm)?.Code;

    /// <summary>
    /// The department that issues <paramref name="type"/>: <paramref name="requested"/> when given (a canonical code of this
    /// PKI; <paramref name="warning"/> says so when it is not of the type's kind), else the first department of the type's
    /// kind, city level first, else <see cref="ApprovalBureau"/> (with a warning).
    /// </summary>
    /// <exception cref="TrustFormatException">No such department, or none can issue the type (field <c>department</c>).</exception>
    public PkiDepartment Choose(LicenceType type, string? requested, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(type);
        warning = null;
        if (requested is not null)
        {
            var chosen = Find(requested) ?? throw new TrustFormatException("department", $"{requested}: no such department in the PKI");
            if (DepartmentCode.KindOf(chosen.Code) != type.DepartmentKind)
            {
                warning = $"{type.Code} is normally issued by a {type.DepartmentKind} department; issuing by {chosen.Code} as asked";
            }

            return chosen;
        }

        var candidates = _departments.Where(d => DepartmentCode.KindOf(d.Code) == type.DepartmentKind).ToList();
        var best = candidates.FirstOrDefault(d => !DepartmentCode.IsDistrict(d.Code)) ?? candidates.FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        if (Find(ApprovalBureau) is { } fallback)
        {
            warning = $"the PKI has no {type.DepartmentKind} department; {ApprovalBureau} issues {type.Code}";
            return fallback;
        }

        throw new TrustFormatException("department",
            $"{type.Code}: the PKI has no {type.DepartmentKind} department (and no {ApprovalBureau}); name the department");
    }
}
