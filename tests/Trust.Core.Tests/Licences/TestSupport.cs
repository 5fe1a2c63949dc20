using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Core.Tests.Licences;

/// <summary>Test certificates made with BouncyCastle: a root CA, an issuing CA and leaf certificates.</summary>
internal static class TestPki
{
    private static long _serial = 1000;

    public static readonly DateTimeOffset NotBefore = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The catalog department kinds of every licence type: a test licence issuer may issue them all.</summary>
    public static readonly IReadOnlyList<string> AllLicenceKinds =
        [.. Core.Licences.LicenceCatalog.Default.Types.Select(t => t.DepartmentKind).Distinct(StringComparer.Ordinal)];

    public static byte[] Issue(string subject, SigningKey subjectKey, string issuer, SigningKey issuerKey, bool isCa,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, int keyUsage = -1, TestProfile? profile = null)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        generator.SetIssuerDN(new X509Name("CN=" + issuer));
        generator.SetSubjectDN(new X509Name("CN=" + subject));
        generator.SetNotBefore((notBefore ?? NotBefore).UtcDateTime);
        generator.SetNotAfter((notAfter ?? NotAfter).UtcDateTime);
        generator.SetPublicKey(PublicKeyFactory.CreateKey(subjectKey.PublicKey.ExportSubjectPublicKeyInfo()));
        if (isCa)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(0));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage >= 0 ? keyUsage : KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        }
        else
        {
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage >= 0 ? keyUsage : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
            if (profile is not null)
            {
                if (profile.Roles.Count > 0)
                {
                    generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                        new ExtendedKeyUsage(profile.Roles.Select(r => (Org.BouncyCastle.Asn1.DerObjectIdentifier)new Org.BouncyCastle.Asn1.DerObjectIdentifier(SignerRoles.OidOf(r))).ToArray()));
                }

                var uris = (profile.Department is null ? [] : new[] { SignerRoles.DepartmentUriPrefix + profile.Department })
                    .Concat(profile.LicenceKinds.Select(k => SignerRoles.LicenceKindUriPrefix + k))
                    .Select(u => new GeneralName(GeneralName.UniformResourceIdentifier, u))
                    .ToArray();
                if (uris.Length > 0)
                {
                    generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(uris));
                }
            }
        }

        var privateKey = PrivateKeyFactory.CreateKey(issuerKey.ExportPkcs8());
        var algorithm = issuerKey.KeyAlgorithm switch
        {
            KeyAlgorithm.Sm2 => "SM3WITHSM2",
            KeyAlgorithm.Rsa => "SHA256WITHRSA",
            _ => "SHA256WITHECDSA",
        };
        return generator.Generate(new Asn1SignatureFactory(algorithm, privateKey)).GetEncoded();
    }
}

/// <summary>The signer profile of a test leaf certificate (see <see cref="SignerRoles"/>).</summary>
internal sealed record TestProfile(IReadOnlyList<SignerRole> Roles, string? Department = null, IReadOnlyList<string>? Kinds = null)
{
    public IReadOnlyList<string> LicenceKinds => Kinds ?? [];

    /// <summary>A licence issuer of SAMR3301 (the fixtures' department) entitled to every licence kind, also signing its status lists.</summary>
    public static TestProfile LicenceIssuer(string department = "SAMR3301") =>
        new([SignerRole.LicenceIssuer], department, TestPki.AllLicenceKinds);

    /// <summary>The grant service.</summary>
    public static TestProfile GrantIssuer { get; } = new([SignerRole.GrantIssuer]);
}

/// <summary>A PKI of one algorithm: root, issuing CA and an issuer leaf with its key.</summary>
internal sealed class TestIssuerPki
{
    private static readonly ConcurrentDictionary<KeyAlgorithm, TestIssuerPki> Shared = new();

    private TestIssuerPki(KeyAlgorithm algorithm, TestProfile? profile = null)
    {
        RootKey = NewKey(algorithm);
        CaKey = NewKey(algorithm);
        LeafKey = NewKey(algorithm);
        Root = TestPki.Issue($"Test Root {algorithm}", RootKey, $"Test Root {algorithm}", RootKey, isCa: true);
        Ca = TestPki.Issue($"Test Issuing CA {algorithm}", CaKey, $"Test Root {algorithm}", RootKey, isCa: true);
        Leaf = TestPki.Issue($"Licence issuer {algorithm}", LeafKey, $"Test Issuing CA {algorithm}", CaKey, isCa: false, profile: profile ?? TestProfile.LicenceIssuer());
    }

    public SigningKey RootKey { get; }

    public SigningKey CaKey { get; }

    public SigningKey LeafKey { get; }

    public byte[] Root { get; }

    public byte[] Ca { get; }

    public byte[] Leaf { get; }

    public IReadOnlyList<byte[]> Chain => [Leaf, Ca];

    public static TestIssuerPki For(KeyAlgorithm algorithm) => Shared.GetOrAdd(algorithm, a => new TestIssuerPki(a));

    public static TestIssuerPki CreateFresh(KeyAlgorithm algorithm, TestProfile? profile = null) => new(algorithm, profile);

    public static SigningKey NewKey(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Sm2 => Core.Crypto.Sm2.Sm2SigningKey.Generate(),
        KeyAlgorithm.Rsa => Core.Crypto.Rsa.RsaSigningKey.Generate(2048),
        _ => Core.Crypto.Ecdsa.EcdsaSigningKey.Generate(),
    };
}

/// <summary>
/// A small path-building validator for tests: walks issuer names from the leaf through the given
/// intermediates to an anchor (at most six steps, no certificate twice), checking signatures,
/// validity at the time asked and the leaf's digitalSignature key usage.
/// </summary>
internal sealed class TestCertificateValidator : ICertificateValidator
{
    private readonly List<X509Certificate> _anchors;

    public TestCertificateValidator(params byte[][] anchors) =>
        _anchors = anchors.Select(a => new X509CertificateParser().ReadCertificate(a)).ToList();

    public long Version { get; set; } = 1;

    public int Calls => _calls;

    private int _calls;

    public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            var parser = new X509CertificateParser();
            var leaf = parser.ReadCertificate(leafDer.ToArray()) ?? throw new CryptographicException("no leaf");
            var pool = intermediatesDer.Select(d => parser.ReadCertificate(d.ToArray())).ToList();
            if (leaf.GetKeyUsage() is { } ku && !ku[0])
            {
                return Fail(ChainStatus.Invalid, "chain.key_usage");
            }

            var current = leaf;
            var path = new List<byte[]> { leaf.GetEncoded() };
            var visited = new HashSet<string>();
            for (var step = 0; step < 6; step++)
            {
                if (!IsValidAt(current, at))
                {
                    return Fail(at.UtcDateTime < current.NotBefore ? ChainStatus.NotYetValid : ChainStatus.Expired, "chain.time");
                }

                var anchor = _anchors.FirstOrDefault(a => a.SubjectDN.Equivalent(current.IssuerDN) && Verifies(current, a));
                if (anchor is not null)
                {
                    if (!IsValidAt(anchor, at))
                    {
                        return Fail(ChainStatus.Expired, "chain.anchor_time");
                    }

                    path.Add(anchor.GetEncoded());
                    return new ChainValidationResult(ChainStatus.Trusted, [], PublicKeyPem.FromCertificate(leafDer.Span), path);
                }

                if (!visited.Add(Convert.ToHexString(current.GetSignature())))
                {
                    return Fail(ChainStatus.Untrusted, "chain.loop");
                }

                var next = pool.FirstOrDefault(c => c.SubjectDN.Equivalent(current.IssuerDN) && Verifies(current, c));
                if (next is null)
                {
                    return Fail(ChainStatus.Untrusted, "chain.no_path");
                }

                path.Add(next.GetEncoded());
                current = next;
            }

            return Fail(ChainStatus.Untrusted, "chain.too_long");
        }
        catch (Exception ex) when (ex is CryptographicException or Org.BouncyCastle.Security.Certificates.CertificateException or ArgumentException or IOException or InvalidOperationException or TrustException or Org.BouncyCastle.Crypto.CryptoException)
        {
            return Fail(ChainStatus.Invalid, "chain.malformed");
        }
    }

    private static bool IsValidAt(X509Certificate cert, DateTimeOffset at) => cert.IsValid(at.UtcDateTime);

    private static bool Verifies(X509Certificate cert, X509Certificate issuer)
    {
        try
        {
            cert.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.Certificates.CertificateException or SignatureException or CryptoException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static ChainValidationResult Fail(ChainStatus status, string reason) => new(status, [reason], null, []);
}

/// <summary>An in-memory <see cref="ILicenceStore"/> for tests.</summary>
internal sealed class InMemoryLicenceStore : ILicenceStore
{
    private readonly ConcurrentDictionary<string, long> _counters = new();
    private readonly ConcurrentDictionary<string, LicenceRecord> _licences = new();
    private readonly ConcurrentDictionary<string, LicenceStatus> _status = new();

    public int Count => _licences.Count;

    public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_counters.AddOrUpdate(statusListId, 0, (_, v) => v + 1));

    public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
    {
        if (!_licences.TryAdd(licence.Id, licence))
        {
            throw new TrustException("duplicate licence id");
        }

        _status[licence.Id] = LicenceStatus.Valid;
        return Task.CompletedTask;
    }

    public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_licences.TryGetValue(id, out var r) ? r : null);

    public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LicenceRecord>>(_licences.Values.Where(l => l.HolderId == holderId && (typeCodes is null || typeCodes.Contains(l.TypeCode))).ToList());

    public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        if (!_status.TryGetValue(change.LicenceId, out var current))
        {
            return Task.FromResult(false);
        }

        if (current == LicenceStatus.Revoked)
        {
            throw new TrustException("revoked is final");
        }

        _status[change.LicenceId] = change.Status;
        return Task.FromResult(true);
    }

    public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_status.TryGetValue(licenceId, out var s) ? s : (LicenceStatus?)null);

    public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<long, LicenceStatus>>(_licences.Values
            .Where(l => l.StatusListId == statusListId && _status[l.Id] != LicenceStatus.Valid)
            .ToDictionary(l => l.StatusIndex, l => _status[l.Id]));
}

/// <summary>An in-memory hash-chained audit log for tests.</summary>
internal sealed class InMemoryAuditLog : IAuditLog
{
    private readonly List<AuditEntry> _entries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToList();
            }
        }
    }

    public Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var previous = _entries.Count == 0 ? new byte[32] : _entries[^1].Hash;
            var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{_entries.Count + 1}|{at:O}|{action}|{actor}|{subject}|{details}|{Convert.ToHexString(previous)}"));
            var entry = new AuditEntry(_entries.Count + 1, at, action, actor, subject, details, previous, hash);
            _entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in Entries.Where(e => e.Sequence >= fromSequence))
        {
            await Task.Yield();
            yield return e;
        }
    }
}

/// <summary>A clock the test sets.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The audited writes of the split test stores, each in two steps (write, then append): enough for tests of the
/// issuers and the checker, which only see the interface. The shipped stores do each in one transaction or lock.
/// </summary>
internal sealed class SplitAuditedWrites(ILicenceStore? licences, IAuditLog audit, IGrantStore? grants = null) : IAuditedWriteStore
{
    private readonly ILicenceStore _licences = licences ?? new InMemoryLicenceStore();

    public async Task<AuditEntry> AddWithAuditAsync(LicenceRecord licence, string actor, string details, CancellationToken cancellationToken = default)
    {
        await Licences.AddAsync(licence, cancellationToken);
        return await audit.AppendAsync("licence.issue", actor, licence.Id, details, licence.IssuedAt, cancellationToken);
    }

    public async Task<AuditEntry?> SetStatusWithAuditAsync(StatusChange change, string actor, string details, CancellationToken cancellationToken = default)
    {
        var action = change.Status switch { LicenceStatus.Revoked => "licence.revoke", LicenceStatus.Suspended => "licence.suspend", _ => "licence.resume" };
        return await Licences.SetStatusAsync(change, cancellationToken)
            ? await audit.AppendAsync(action, actor, change.LicenceId, details, change.At, cancellationToken)
            : null;
    }

    public async Task<AuditEntry> RecordGrantWithAuditAsync(GrantRecord grant, string actor, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await Grants.RecordAsync(grant, cancellationToken);
        return await audit.AppendAsync("grant.issue", actor, grant.Id, details, at, cancellationToken);
    }

    public async Task<AuditEntry?> RevokeGrantWithAuditAsync(string grantId, string reason, DateTimeOffset at, string actor, string details, CancellationToken cancellationToken = default) =>
        await Grants.RevokeAsync(grantId, reason, at, cancellationToken)
            ? await audit.AppendAsync("grant.revoke", actor, grantId, details, at, cancellationToken)
            : null;

    public async Task<AuditEntry?> TryConsumeWithAuditAsync(string grantId, DateTimeOffset at, string action, string actor, string details, CancellationToken cancellationToken = default) =>
        await Grants.TryConsumeAsync(grantId, at, cancellationToken)
            ? await audit.AppendAsync(action, actor, grantId, details, at, cancellationToken)
            : null;

    public Task<AuditEntry?> RevokeSealWithAuditAsync(SealRevocation revocation, string actor, string details, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("no seal store in these tests");

    private ILicenceStore Licences => _licences;

    private IGrantStore Grants => grants ?? throw new NotSupportedException("no grant store in this test");
}
