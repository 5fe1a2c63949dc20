using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.Pdf;

namespace Trust.Bench;

/// <summary>
/// What the seal-platform benchmarks share: a 1 MB PDF, a bench seal (SES_Seal) made with the algorithm's key, the
/// local and keyless PDF seal options, and the seal registry and key provider a platform serves.
/// </summary>
internal sealed record BenchSealSetup(
    byte[] Pdf,
    SigningKey Key,
    IReadOnlyList<byte[]> Chain,
    SesSeal Seal,
    SignatureAlgorithm Algorithm,
    PdfSealOptions Local,
    PdfSealOptions Keyless,
    SealRegistry Registry,
    KeySealProvider Provider)
{
    /// <summary>Builds the setup for <paramref name="algorithm"/> (<c>SM2</c> or <c>RSA</c>) and seal <paramref name="sealId"/>.</summary>
    public static BenchSealSetup Create(string algorithm, string sealId)
    {
        var path = Path.Combine(Path.GetTempPath(), $"trust-bench-seal-{sealId}-{Environment.ProcessId}.pdf");
        PdfBenchData.WriteLargePdf(path, 1024L * 1024L);
        var pdf = File.ReadAllBytes(path);
        File.Delete(path);

        var baseOptions = PdfBenchData.Options(algorithm == "SM2" ? KeyAlgorithm.Sm2 : KeyAlgorithm.Rsa);
        var key = baseOptions.Key!;
        var chain = baseOptions.CertificateChain;
        var seal = new SealMaker(chain[0], key, "Bench").Make(new SealRequest
        {
            EsId = sealId,
            Kind = SealKind.Official,
            Name = "Bench seal",
            SignerCertificates = [chain[0]],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = new SesPictureInfo("PNG", baseOptions.Seal.PicturePng, 40, 40),
        });
        var sealData = PdfSealData.FromSesSeal(seal, "BENCH");
        var signatureAlgorithm = algorithm == "SM2" ? SignatureAlgorithm.Sm2Sm3 : SignatureAlgorithm.RsaPkcs1Sha256;
        var registry = new SealRegistry([new SealRecord(sealId, "Bench seal", "BENCH", SealKind.Official, signatureAlgorithm, seal)]);
        return new BenchSealSetup(
            pdf,
            key,
            chain,
            seal,
            signatureAlgorithm,
            new PdfSealOptions { Key = key, CertificateChain = chain, Seal = sealData },
            new PdfSealOptions { CertificateChain = chain, Seal = sealData },
            registry,
            new KeySealProvider(registry, [new SealKeyEntry("BENCH", key, chain)]));
    }
}
