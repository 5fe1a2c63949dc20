using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Grants;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Bench;

/// <summary>
/// One grant check (SM2 licences, ES256 grant) for a person service item with its licences, and a batch
/// of 1,000 checks (50 distinct grants over 10 items and 3 holders). Checks/s = 1,000 / mean time of
/// <see cref="CheckMany"/>. Stores are in memory, so this measures the checker and the crypto, not a database.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 8)]
[MemoryDiagnoser]
public class GrantBenchmarks
{
    private const int BatchSize = 1000;
    private const int DistinctGrants = 50;

    private GrantChecker _checker = null!;
    private GrantCheckRequest _one = null!;
    private List<GrantCheckRequest> _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemoryTrustStore();
        var licenceSetup = Pki(KeyAlgorithm.Sm2, "Bench licence issuer", SignerRole.LicenceIssuer);
        var grantSetup = Pki(KeyAlgorithm.EcP256, "Bench grant issuer", SignerRole.GrantIssuer);
        var licenceIssuer = new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = licenceSetup.Key, CertificateChain = licenceSetup.Chain, StatusListId = "SAMR3301-L1" },
            store, store);
        var grantIssuer = new GrantIssuer(new GrantIssuerOptions { SigningKey = grantSetup.Key, CertificateChain = grantSetup.Chain }, store);
        var verifier = new LicenceVerifier(new CertificateValidator([licenceSetup.Root]), new StoreStatusSource(store));
        _checker = new GrantChecker(new CertificateValidator([grantSetup.Root]), store, store, verifier, store, store);

        var holders = new[] { "330106199003071236", "110101199003078275", "330106198511120028" }.Where(h => HolderId.Validate(h, HolderKind.Person) is null).ToList();
        var items = ServiceCatalog.Default.Items.Where(i => i.HolderKind == HolderKind.Person && i.LicenceTypes.Count >= 2).Take(10).ToList();
        foreach (var holder in holders)
        {
            foreach (var type in items.SelectMany(i => i.LicenceTypes).Distinct())
            {
                var t = LicenceCatalog.Default.Get(type);
                var fields = t.ExampleFields().Where(f => f.Key != LicenceType.HolderIdField).ToDictionary(f => f.Key, f => f.Value);
                licenceIssuer.IssueAsync(new LicenceIssueRequest(type, holder, fields[LicenceType.HolderNameField], fields)).GetAwaiter().GetResult();
            }
        }

        var clerk = new ClerkIdentity("clerk-001", "PSB3301");
        var grants = Enumerable.Range(0, DistinctGrants).Select(i =>
        {
            var item = items[i % items.Count];
            var grant = grantIssuer.IssueAsync(new GrantIssueRequest(holders[i % holders.Count], item.Code) { ClerkId = clerk.ClerkId, ValidityMinutes = 1440 }).GetAwaiter().GetResult();
            return new GrantCheckRequest(grant.Encoded, item.Code, clerk);
        }).ToList();
        _one = grants[0];
        _batch = [.. Enumerable.Range(0, BatchSize).Select(i => grants[i % grants.Count])];
        var check = _checker.CheckManyAsync(_batch).GetAwaiter().GetResult();
        if (check.Any(r => !r.IsAllowed || r.Licences.Any(l => l.Verdict != LicenceVerdict.Valid)))
        {
            throw new InvalidOperationException("benchmark grants must be allowed with valid licences");
        }
    }

    [Benchmark]
    public GrantVerdict CheckOne() => _checker.CheckAsync(_one).GetAwaiter().GetResult().Verdict;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int CheckMany() => _checker.CheckManyAsync(_batch).GetAwaiter().GetResult().Count;

    private static (SigningKey Key, byte[] Root, IReadOnlyList<byte[]> Chain) Pki(KeyAlgorithm algorithm, string leafName, SignerRole role)
    {
        SigningKey NewKey() => algorithm == KeyAlgorithm.Sm2 ? Sm2SigningKey.Generate() : EcdsaSigningKey.Generate();
        var rootKey = NewKey();
        var caKey = NewKey();
        var leafKey = NewKey();
        const X509KeyUsageFlags caUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;
        var root = new CertificateBuilder(new CertificateSubject(leafName + " Root"), rootKey.PublicKey) { IsCertificateAuthority = true, KeyUsage = caUsage }.SelfSign(rootKey);
        var ca = new CertificateBuilder(new CertificateSubject(leafName + " CA"), caKey.PublicKey) { IsCertificateAuthority = true, KeyUsage = caUsage }.Sign(root, rootKey);
        var leaf = new CertificateBuilder(new CertificateSubject(leafName), leafKey.PublicKey)
            .WithSignerRole(role, role == SignerRole.LicenceIssuer ? "SAMR3301" : null, role == SignerRole.LicenceIssuer ? LicenceCatalog.Default.Types.Select(t => t.DepartmentKind).Distinct() : null)
            .Sign(ca, caKey);
        return (leafKey, root, [leaf, ca]);
    }

}
