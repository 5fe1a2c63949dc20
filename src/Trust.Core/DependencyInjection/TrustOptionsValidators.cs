using Microsoft.Extensions.Options;
using Trust.Core.Licences;

namespace Trust.Core.DependencyInjection;

/// <summary>Checks <see cref="TrustVerificationOptions"/>: at least one trust anchor, no empty certificate or CRL.</summary>
internal sealed class TrustVerificationOptionsValidator : IValidateOptions<TrustVerificationOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustVerificationOptions options)
    {
        var failures = new List<string>();
        if (options.TrustAnchors.Count == 0)
        {
            failures.Add("TrustVerificationOptions.TrustAnchors: at least one trust anchor (a DER root certificate) is required; configure it with AddTrustVerification");
        }

        if (!options.TrustAnchors.Concat(options.Intermediates).Concat(options.Crls).All(d => d is { Length: > 0 }))
        {
            failures.Add("TrustVerificationOptions: a certificate or CRL is empty");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks <see cref="TrustLicenceOptions"/>: a set issuer has a valid department code, a key, a chain and a status list.</summary>
internal sealed class TrustLicenceOptionsValidator : IValidateOptions<TrustLicenceOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustLicenceOptions options)
    {
        if (options.Issuer is not { } issuer)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!DepartmentCode.IsValid(issuer.DepartmentCode))
        {
            failures.Add($"TrustLicenceOptions.Issuer.DepartmentCode: '{issuer.DepartmentCode}' is not a department code (2 to 16 upper-case letters or digits, optionally -NN)");
        }

        if (issuer.SigningKey is null)
        {
            failures.Add("TrustLicenceOptions.Issuer.SigningKey: required");
        }

        if (issuer.CertificateChain is not { Count: > 0 } chain || chain.Any(c => c is not { Length: > 0 }))
        {
            failures.Add("TrustLicenceOptions.Issuer.CertificateChain: at least the signing key's certificate (DER), none empty");
        }

        if (string.IsNullOrWhiteSpace(issuer.StatusListId))
        {
            failures.Add("TrustLicenceOptions.Issuer.StatusListId: required (for example DepartmentCode.StatusListId(code))");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Checks <see cref="TrustSealOptions"/>: unique seal identifiers, one key per department, every key with a chain.</summary>
internal sealed class TrustSealOptionsValidator : IValidateOptions<TrustSealOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustSealOptions options)
    {
        var failures = new List<string>();
        foreach (var id in options.Seals.GroupBy(s => s?.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            failures.Add($"TrustSealOptions.Seals: seal identifier {id} appears twice");
        }

        if (options.Seals.Any(s => s is null))
        {
            failures.Add("TrustSealOptions.Seals: a seal is null");
        }

        foreach (var department in options.Keys.GroupBy(k => k?.Department, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            failures.Add($"TrustSealOptions.Keys: department {department} has two seal keys");
        }

        foreach (var entry in options.Keys)
        {
            if (entry is null || entry.Key is null || entry.CertificateChain is not { Count: > 0 })
            {
                failures.Add($"TrustSealOptions.Keys: the entry of department {entry?.Department} needs a key and its certificate chain");
            }
            else if (!options.Seals.Any(s => s is not null && string.Equals(s.Department, entry.Department, StringComparison.Ordinal)))
            {
                failures.Add($"TrustSealOptions.Keys: department {entry.Department} has a key but no seal in TrustSealOptions.Seals");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
