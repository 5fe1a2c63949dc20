using System.Security.Cryptography;
using System.Text.Json;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Identifiers;
using Trust.Core.Services;
using Trust.Core.Storage;

namespace Trust.Core.Grants;

/// <summary>
/// Issues authorisation grants (format: <c>src/Trust.Core/Grants/FORMAT.md</c>): validates the request against the service catalog,
/// signs the deterministic-CBOR <see cref="GrantPayload"/> as a COSE_Sign1 with the grant-signing key,
/// and records the grant with its <c>grant.issue</c> audit entry in one <see cref="IAuditedWriteStore"/> call.
/// Also revokes grants (<c>grant.revoke</c>, likewise one call). Audit entries name the grant id, never the holder.
/// </summary>
public sealed class GrantIssuer
{
    private readonly GrantIssuerOptions _options;
    private readonly SignatureAlgorithm _algorithm;
    private readonly byte[] _keyId;
    private readonly IAuditedWriteStore _writes;
    private readonly ServiceCatalog _catalog;
    private readonly TimeProvider _time;

    /// <summary>Creates an issuer.</summary>
    /// <param name="options">Key and chain.</param>
    /// <param name="writes">Where grants are recorded and revoked, each with its audit entry in one step.</param>
    /// <param name="catalog">Service items; <see cref="ServiceCatalog.Default"/> when null.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    /// <exception cref="TrustKeyException">The algorithm does not fit the key.</exception>
    /// <exception cref="TrustFormatException">Bad chain.</exception>
    public GrantIssuer(GrantIssuerOptions options, IAuditedWriteStore writes, ServiceCatalog? catalog = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.SigningKey);
        ArgumentNullException.ThrowIfNull(options.CertificateChain);
        ArgumentNullException.ThrowIfNull(writes);
        if (options.CertificateChain.Count is 0 or > CoseLimits.MaxChainCertificates ||
            options.CertificateChain.Any(c => c is null || c.Length is 0 or > CoseLimits.MaxCertificateBytes))
        {
            throw new TrustFormatException("certificate_chain", $"needs 1 to {CoseLimits.MaxChainCertificates} certificates of at most {CoseLimits.MaxCertificateBytes} bytes");
        }

        _algorithm = options.Algorithm ?? options.SigningKey.DefaultAlgorithm;
        if (SignatureAlgorithms.KeyAlgorithmOf(_algorithm) != options.SigningKey.KeyAlgorithm)
        {
            throw new TrustKeyException($"Algorithm {SignatureAlgorithms.DisplayName(_algorithm)} cannot be used with a {options.SigningKey.KeyAlgorithm} key.");
        }

        _options = options;
        _keyId = options.SigningKey.PublicKey.Thumbprint();
        _writes = writes;
        _catalog = catalog ?? ServiceCatalog.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Issues a grant.</summary>
    /// <exception cref="TrustFormatException">The request does not fit (the field names what: <c>holder_id</c>, <c>service_item</c>, <c>grantee</c>, <c>licence_ids</c>, <c>purpose</c>, <c>validity_minutes</c>).</exception>
    /// <exception cref="TrustKeyException">The key refused to sign.</exception>
    public async Task<SignedGrant> IssueAsync(GrantIssueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var item = _catalog.Find(request.ServiceItemCode) ?? throw new TrustFormatException("service_item", "unknown service item code");
        var holder = HolderId.Parse(request.HolderId, item.HolderKind, "holder_id");
        var clerk = Principal(request.ClerkId, "grantee.clerk");
        var department = Principal(request.DepartmentCode, "grantee.department");
        if (clerk.Length == 0 && department.Length == 0)
        {
            throw new TrustFormatException("grantee", "needs a clerk id or a department code");
        }

        var ids = request.LicenceIds ?? [];
        if (ids.Count > GrantPayloadCbor.MaxLicenceIds)
        {
            throw new TrustFormatException("licence_ids", $"at most {GrantPayloadCbor.MaxLicenceIds}");
        }

        foreach (var text in ids)
        {
            if (!LicenceId.TryParse(text, out var id) || !item.Uses(id.TypeCode))
            {
                throw new TrustFormatException("licence_ids", "names a malformed licence id or one of a type the service item does not use");
            }
        }

        var purpose = request.Purpose ?? "";
        if (purpose.Length > GrantPayloadCbor.MaxPurposeLength || purpose.Any(char.IsControl))
        {
            throw new TrustFormatException("purpose", $"at most {GrantPayloadCbor.MaxPurposeLength} characters without control characters");
        }

        if (request.ValidityMinutes is < GrantIssueRequest.MinValidityMinutes or > GrantIssueRequest.MaxValidityMinutes)
        {
            throw new TrustFormatException("validity_minutes", $"must be {GrantIssueRequest.MinValidityMinutes} to {GrantIssueRequest.MaxValidityMinutes}");
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now.AddMinutes(request.ValidityMinutes);
        var grantId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var payload = new GrantPayload(grantId, holder.Value, clerk, department, item.Code, [.. ids.Distinct(StringComparer.Ordinal)], purpose,
            now, now, expires, RandomNumberGenerator.GetBytes(GrantPayloadCbor.NonceLength), request.SingleUse);
        var encoded = CoseSign1.Sign(_options.SigningKey, _algorithm, GrantPayloadCbor.Encode(payload), SignedGrant.ContentType, _keyId, _options.CertificateChain, SignedGrant.MaxBytes);
        var grant = SignedGrant.Decode(encoded);

        var details = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["service_item"] = item.Code,
            ["minutes"] = request.ValidityMinutes,
            ["single_use"] = request.SingleUse,
            ["licence_ids"] = payload.LicenceIds.Count,
            ["alg"] = SignatureAlgorithms.DisplayName(_algorithm),
        });
        await _writes.RecordGrantWithAuditAsync(new GrantRecord(grantId, holder.Value, expires), _options.Actor, details, now, cancellationToken).ConfigureAwait(false);
        return grant;
    }

    /// <summary>
    /// Revokes a grant (any id, recorded or not) and appends <c>grant.revoke</c> in one step. Returns false, logging
    /// nothing, when it was already revoked. Hosts that must refuse an id never issued check the store first
    /// (the application layer's grant revocation does).
    /// </summary>
    /// <param name="grantId">The grant.</param>
    /// <param name="reason">Why (free text, no personal data).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<bool> RevokeAsync(string grantId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        ArgumentNullException.ThrowIfNull(reason);
        var now = _time.GetUtcNow();
        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["reason"] = reason });
        return await _writes.RevokeGrantWithAuditAsync(grantId, reason, now, _options.Actor, details, cancellationToken).ConfigureAwait(false) is not null;
    }

    private static string Principal(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value.Length > GrantPayloadCbor.MaxPrincipalLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
        {
            throw new TrustFormatException(field, $"1 to {GrantPayloadCbor.MaxPrincipalLength} ASCII letters, digits or - _ . @");
        }

        return value;
    }
}
