using Trust.Core.Pki.Internal;

namespace Trust.Core.Pki;

/// <summary>
/// What a certificate entitles its key to sign, read from its extended key usages and subject alternative
/// name URIs (the profiles of <see cref="SignerRoles"/>). A signature is only as good as the signer's
/// entitlement to make it: chaining to a trust anchor says who the signer is, this says what it may sign.
/// </summary>
public sealed class SignerEntitlement
{
    private readonly HashSet<SignerRole> _roles;
    private readonly HashSet<string> _licenceKinds;

    private SignerEntitlement(HashSet<SignerRole> roles, string? department, HashSet<string> licenceKinds)
    {
        _roles = roles;
        Department = department;
        _licenceKinds = licenceKinds;
    }

    /// <summary>No role, no department: what an unreadable certificate is entitled to.</summary>
    public static SignerEntitlement None { get; } = new([], null, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The roles of the certificate.</summary>
    public IReadOnlyCollection<SignerRole> Roles => _roles;

    /// <summary>The department the certificate names (PKI form, for example <c>PSB-01</c>); null when it names none or more than one.</summary>
    public string? Department { get; }

    /// <summary>The catalog department kinds whose licence types a licence issuer may issue.</summary>
    public IReadOnlyCollection<string> LicenceKinds => _licenceKinds;

    /// <summary>Reads the entitlement of a DER certificate. Never throws: an unreadable certificate is <see cref="None"/>.</summary>
    public static SignerEntitlement FromCertificate(ReadOnlySpan<byte> certificateDer)
    {
        ParsedCertificate parsed;
        try
        {
            parsed = ParsedCertificate.Parse(certificateDer.ToArray());
        }
        catch (TrustFormatException)
        {
            return None;
        }

        return From(parsed);
    }

    internal static SignerEntitlement From(ParsedCertificate certificate)
    {
        var roles = new HashSet<SignerRole>();
        foreach (var oid in certificate.ExtendedKeyUsages ?? [])
        {
            foreach (var role in Enum.GetValues<SignerRole>())
            {
                if (string.Equals(oid, SignerRoles.OidOf(role), StringComparison.Ordinal))
                {
                    roles.Add(role);
                }
            }
        }

        var departments = certificate.SubjectAlternativeUris
            .Where(u => u.StartsWith(SignerRoles.DepartmentUriPrefix, StringComparison.Ordinal))
            .Select(u => u[SignerRoles.DepartmentUriPrefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var kinds = certificate.SubjectAlternativeUris
            .Where(u => u.StartsWith(SignerRoles.LicenceKindUriPrefix, StringComparison.Ordinal))
            .Select(u => u[SignerRoles.LicenceKindUriPrefix.Length..])
            .ToHashSet(StringComparer.Ordinal);

        // A certificate naming two departments speaks for neither.
        return new SignerEntitlement(roles, departments.Count == 1 && departments[0].Length > 0 ? departments[0] : null, kinds);
    }

    /// <summary>Whether the certificate has <paramref name="role"/>.</summary>
    public bool Has(SignerRole role) => _roles.Contains(role);

    /// <summary>
    /// Why this certificate may not sign as <paramref name="role"/> for <paramref name="department"/>; empty when it may.
    /// Reasons: <c>PREFIX.role_missing:ROLE</c>, <c>PREFIX.department_missing</c>, <c>PREFIX.department_mismatch</c>.
    /// </summary>
    /// <param name="role">The role the artefact needs.</param>
    /// <param name="department">The department the artefact names (either form, <c>PSB-01</c> or <c>PSB01</c>), or null when the role is not per department.</param>
    /// <param name="prefix">The reason prefix: <c>signer</c> or <c>maker</c>.</param>
    public IReadOnlyList<string> Check(SignerRole role, string? department, string prefix = "signer")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var reasons = new List<string>(2);
        if (!Has(role))
        {
            reasons.Add(SignerReasons.RoleMissing(prefix, role));
        }

        if (department is not null)
        {
            if (Department is null)
            {
                reasons.Add(prefix + SignerReasons.DepartmentMissingSuffix);
            }
            else if (!Licences.DepartmentCode.AreSame(Department, department))
            {
                reasons.Add(prefix + SignerReasons.DepartmentMismatchSuffix);
            }
        }

        return reasons;
    }

    /// <summary>Whether a licence issuer may issue licence types of the catalog department kind <paramref name="kind"/>.</summary>
    public bool MayIssueKind(string kind) => _licenceKinds.Contains(kind);
}

/// <summary>Reason codes of failed signer bindings (one code per binding, snake_case).</summary>
public static class SignerReasons
{
    /// <summary>Suffix after <c>signer</c> or <c>maker</c>: the certificate names no department.</summary>
    public const string DepartmentMissingSuffix = ".department_missing";

    /// <summary>Suffix after <c>signer</c> or <c>maker</c>: the certificate names another department than the artefact.</summary>
    public const string DepartmentMismatchSuffix = ".department_mismatch";

    /// <summary>A licence issuer signed a licence type of a department kind it is not entitled to (<c>signer.licence_kind_not_entitled:KIND</c>).</summary>
    public const string LicenceKindNotEntitled = "signer.licence_kind_not_entitled";

    /// <summary><c>PREFIX.role_missing:ROLE</c>, for example <c>signer.role_missing:licence_issuer</c>.</summary>
    public static string RoleMissing(string prefix, SignerRole role) => $"{prefix}.role_missing:{SignerRoles.NameOf(role)}";
}
