using System.Text.Json;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Identifiers;
using Trust.Core.Licences.Internal;
using Trust.Core.Storage;

namespace Trust.Core.Licences;

/// <summary>
/// Issues licences for one department: validates holder and fields against the licence type,
/// assigns the identifier and the status index, signs the deterministic-CBOR payload as a
/// COSE_Sign1 with the department's key and certificate chain, and records the licence together with its
/// <c>licence.issue</c> audit entry in one <see cref="IAuditedWriteStore.AddWithAuditAsync"/> call (both or neither).
/// </summary>
/// <remarks>
/// Serials come from the store's atomic counters: the counter named
/// <c>serial:&lt;type&gt;:&lt;department&gt;:&lt;year&gt;</c> (via
/// <see cref="ILicenceStore.AllocateStatusIndexAsync"/>), so identifiers stay unique across nodes.
/// </remarks>
public sealed class LicenceIssuer
{
    private readonly LicenceIssuerOptions _options;
    private readonly SignatureAlgorithm _algorithm;
    private readonly Pki.SignerEntitlement _entitlement;
    private readonly byte[] _keyId;
    private readonly LicenceCatalog _catalog;
    private readonly ILicenceStore _store;
    private readonly IAuditedWriteStore _writes;
    private readonly TimeProvider _time;

    /// <summary>Creates an issuer.</summary>
    /// <param name="options">Department, key, chain and status list.</param>
    /// <param name="store">Where serials and status indexes are allocated.</param>
    /// <param name="writes">Where the licence and its <c>licence.issue</c> audit entry are recorded, in one step
    /// (usually the same store object as <paramref name="store"/>).</param>
    /// <param name="catalog">Licence types; <see cref="LicenceCatalog.Default"/> when null.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    /// <exception cref="TrustKeyException">The algorithm does not fit the key, the leaf certificate is not the key's, or it does not
    /// entitle the key to issue licences of the department (<see cref="Pki.SignerRole.LicenceIssuer"/>, <see cref="Pki.SignerRoles"/>).</exception>
    /// <exception cref="TrustFormatException">Bad department code or chain.</exception>
    public LicenceIssuer(LicenceIssuerOptions options, ILicenceStore store, IAuditedWriteStore writes, LicenceCatalog? catalog = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.SigningKey);
        ArgumentNullException.ThrowIfNull(options.CertificateChain);
        ArgumentException.ThrowIfNullOrEmpty(options.StatusListId);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writes);
        if (options.CertificateChain.Count is 0 or > CoseLimits.MaxChainCertificates ||
            options.CertificateChain.Any(c => c is null || c.Length is 0 or > CoseLimits.MaxCertificateBytes))
        {
            throw new TrustFormatException("certificate_chain", $"needs 1 to {CoseLimits.MaxChainCertificates} certificates of at most {CoseLimits.MaxCertificateBytes} bytes");
        }

        LicenceId.Create("BL", options.DepartmentCode, 2000, 0); // validates the department code
        if (!Keys.PublicKeyPem.FromCertificate(options.CertificateChain[0]).ExportSubjectPublicKeyInfo().AsSpan()
                .SequenceEqual(options.SigningKey.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("The first certificate of the chain is not the signing key's certificate.");
        }

        _algorithm = options.Algorithm ?? options.SigningKey.DefaultAlgorithm;
        if (SignatureAlgorithms.KeyAlgorithmOf(_algorithm) != options.SigningKey.KeyAlgorithm)
        {
            throw new TrustKeyException($"Algorithm {SignatureAlgorithms.DisplayName(_algorithm)} cannot be used with a {options.SigningKey.KeyAlgorithm} key.");
        }

        // Refuse to make licences that no verifier would accept: the certificate must entitle the key to issue them.
        _entitlement = Pki.SignerEntitlement.FromCertificate(options.CertificateChain[0]);
        if (_entitlement.Check(Pki.SignerRole.LicenceIssuer, options.DepartmentCode) is { Count: > 0 } refused)
        {
            throw new TrustKeyException($"The certificate does not entitle the key to issue licences of department {options.DepartmentCode} ({string.Join(", ", refused)}).");
        }

        _options = options;
        _keyId = options.SigningKey.PublicKey.Thumbprint();
        _catalog = catalog ?? LicenceCatalog.Default;
        _store = store;
        _writes = writes;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Issues a licence.</summary>
    /// <exception cref="TrustFormatException">Unknown type, or a type the department is not entitled to issue (field <c>type</c>); <see cref="LicenceFieldsException"/> when holder or fields do not fit the type.</exception>
    /// <exception cref="TrustKeyException">The key refused to sign.</exception>
    public async Task<SignedLicence> IssueAsync(LicenceIssueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = _catalog.Find(request.TypeCode) ?? throw new TrustFormatException("type", "unknown licence type code");
        if (!_entitlement.MayIssueKind(type.DepartmentKind))
        {
            throw new TrustFormatException("type", $"department {_options.DepartmentCode} is not entitled to issue {type.Code} (a {type.DepartmentKind} licence type)");
        }

        var fields = Normalise(request, type);

        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var validFrom = Truncate(request.ValidFrom ?? now);
        var validUntil = request.ValidUntil is { } explicitEnd ? Truncate(explicitEnd) : type.DefaultValidity?.AddTo(validFrom);
        if (validUntil is { } end && end <= validFrom)
        {
            throw new TrustFormatException("valid_until", "must be after the start of validity");
        }

        var year = now.UtcDateTime.Year;
        var serial = await _store.AllocateStatusIndexAsync($"serial:{type.Code}:{_options.DepartmentCode}:{year}", cancellationToken).ConfigureAwait(false);
        var id = LicenceId.Create(type.Code, _options.DepartmentCode, year, serial).Text;
        var index = await _store.AllocateStatusIndexAsync(_options.StatusListId, cancellationToken).ConfigureAwait(false);

        var payload = new LicencePayload(id, type.Code, type.Version, request.HolderId, request.HolderName, _options.DepartmentCode,
            now, validFrom, validUntil, fields, _options.StatusListId, index);
        var encoded = CoseSign1.Sign(_options.SigningKey, _algorithm, LicencePayloadCbor.Encode(payload), SignedLicence.ContentType, _keyId, _options.CertificateChain);
        var licence = SignedLicence.Decode(encoded);

        var details = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = type.Code,
            ["version"] = type.Version,
            ["status_list"] = _options.StatusListId,
            ["index"] = index,
            ["alg"] = SignatureAlgorithms.DisplayName(_algorithm),
        });
        var record = new LicenceRecord(id, type.Code, type.Version, request.HolderId, request.HolderName, _options.DepartmentCode,
            _options.StatusListId, index, now, validFrom, validUntil, encoded);
        await _writes.AddWithAuditAsync(record, _options.Actor ?? _options.DepartmentCode, details, cancellationToken).ConfigureAwait(false);
        return licence;
    }

    private static SortedDictionary<string, string> Normalise(LicenceIssueRequest request, LicenceType type)
    {
        ArgumentNullException.ThrowIfNull(request.Fields);
        var given = request.Fields;
        var errors = new List<LicenceFieldError>();
        var all = new Dictionary<string, string>(given, StringComparer.Ordinal);
        if (all.TryGetValue(LicenceType.HolderNameField, out var name) && !string.Equals(name, request.HolderName, StringComparison.Ordinal))
        {
            errors.Add(new LicenceFieldError(LicenceType.HolderNameField, "differs from the holder name"));
        }

        all[LicenceType.HolderNameField] = request.HolderName ?? "";
        errors.AddRange(type.Validate(request.HolderId, all));
        if (errors.Count > 0)
        {
            throw new LicenceFieldsException(errors);
        }

        all.Remove(LicenceType.HolderNameField);
        all.Remove(LicenceType.HolderIdField);
        return new SortedDictionary<string, string>(all, StringComparer.Ordinal);
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
