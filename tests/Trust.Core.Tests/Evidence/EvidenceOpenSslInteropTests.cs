using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Tests.Pki;
using Trust.Core.Tests.Timestamps;
using Trust.Core.Timestamps;
using static Trust.Core.Tests.Evidence.EvidenceTestSupport;

namespace Trust.Core.Tests.Evidence;

/// <summary>
/// An independent check of the archive time-stamp: the hash-tree root recomputed from one object's reduced tree (here by
/// hand, following RFC 4998 section 4.3) is what <c>openssl ts -verify -digest</c> accepts for the RSA TSA's token.
/// </summary>
public sealed class EvidenceOpenSslInteropTests(TsaTestPki pki) : IClassFixture<TsaTestPki>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-ers-openssl-").FullName;

    [Fact]
    public void Openssl_ts_verify_accepts_the_archive_timestamp_for_the_root_rebuilt_from_one_object()
    {
        byte[][] objects = [[1], [2], [3], [4], [5]];
        var authority = pki.Authority("rsa", TimeProvider.System);
        var client = new LocalTimestampClient(authority, Validator(pki), TimeProvider.System);
        var record = Protect(client, DigestAlgorithm.Sha256, objects)[3];

        // RFC 4998 section 4.3 by hand: h(d) in the first list; each list sorted, concatenated and hashed with the result so far.
        var current = System.Security.Cryptography.SHA256.HashData(objects[3]);
        Assert.Contains(record.Newest.ReducedHashTree[0], h => h.Span.SequenceEqual(current));
        foreach (var (level, index) in record.Newest.ReducedHashTree.Select((l, i) => (l, i)))
        {
            var group = level.Select(h => h.ToArray()).ToList();
            if (index > 0)
            {
                group.Add(current);
            }

            group.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            current = System.Security.Cryptography.SHA256.HashData(group.SelectMany(h => h).ToArray());
        }

        File.WriteAllBytes(Path.Combine(_dir, "token.der"), record.Newest.TimeStamp.ToArray());
        File.WriteAllText(Path.Combine(_dir, "root.pem"), CertificatePem.Export(pki.RootCert("rsa")));
        var ok = OpenSsl.Run(_dir, "ts", "-verify", "-digest", Convert.ToHexString(current), "-token_in", "-in", "token.der", "-CAfile", "root.pem");
        var other = OpenSsl.Run(_dir, "ts", "-verify", "-digest", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(objects[3])), "-token_in", "-in", "token.der", "-CAfile", "root.pem");

        Assert.True(ok.ExitCode == 0 && ok.Output.Contains("Verification: OK", StringComparison.Ordinal), ok.Output);
        Assert.NotEqual(0, other.ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
