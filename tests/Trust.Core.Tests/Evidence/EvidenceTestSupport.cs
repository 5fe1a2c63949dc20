using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Pki;
using Trust.Core.Tests.Timestamps;
using Trust.Core.Timestamps;

namespace Trust.Core.Tests.Evidence;

/// <summary>
/// TSAs of the test PKI whose certificates expire when a test says, clients on an injected clock, and a client that
/// counts its requests. Nothing waits: the clocks are set.
/// </summary>
internal static class EvidenceTestSupport
{
    internal static readonly DateTimeOffset Now = TsaTestPki.Now;

    /// <summary>A client of the TSA of <paramref name="alg"/> whose certificate expires at <paramref name="notAfter"/>, stamping at <paramref name="clock"/>'s time.</summary>
    internal static CountingClient Client(TsaTestPki pki, string alg, FixedClock clock, DateTimeOffset notAfter)
    {
        var certificate = pki.TsaCertificateWith(alg, b =>
        {
            b.WithSignerRole(SignerRole.TimestampAuthority);
            b.NotAfter = notAfter;
        });
        var authority = pki.Authority(alg, clock, certificate);
        return new CountingClient(new LocalTimestampClient(authority, Validator(pki), clock));
    }

    /// <summary>A validator that trusts the RSA and the SM2 test roots.</summary>
    internal static CertificateValidator Validator(TsaTestPki pki) => new([pki.RootCert("rsa"), pki.RootCert("sm2")]);

    internal static byte[] Hash(DigestAlgorithm algorithm, byte[] data) => Digest.Hash(algorithm, data);

    /// <summary>New records for <paramref name="objects"/> with one time-stamp.</summary>
    internal static IReadOnlyList<EvidenceRecord> Protect(ITimestampClient client, DigestAlgorithm algorithm, IReadOnlyList<byte[]> objects)
    {
        var batch = new EvidenceRecordBatch(algorithm);
        foreach (var data in objects)
        {
            batch.AddNew(Hash(algorithm, data));
        }

        return batch.StampAsync(client).GetAwaiter().GetResult();
    }

    internal static EvidenceVerification Verify(EvidenceRecordVerifier verifier, EvidenceRecord record, byte[] data, DateTimeOffset at) =>
        verifier.Verify(record, new MemoryStream(data), at);
}

/// <summary>Counts the time-stamps asked for.</summary>
internal sealed class CountingClient(ITimestampClient inner) : ITimestampClient
{
    public int Requests { get; private set; }

    public Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default)
    {
        Requests++;
        return inner.GetTokenAsync(algorithm, imprint, cancellationToken);
    }
}
