using System.Globalization;
using System.IO.Compression;
using System.Text;
using Trust.Core.Seals.Asn1;
using Trust.Documents.Archives;
using Trust.Documents.Tests.Support;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Archives;

/// <summary>
/// A service case for package tests: a sealed PDF/A-3b licence file (RSA seal), a sealed OFD licence file (SM2 seal),
/// an XML application form; packages sealed with the RSA test seal and time-stamped by the test TSA.
/// </summary>
internal static class ArchivalCase
{
    private static readonly Lazy<(byte[] Pdf, byte[] Ofd, byte[] UnsealedPdf)> Files = new(() =>
    {
        var licence = LicenceFiles.Issue("BL");
        var unsealed = LicenceFileRenderer.Render(licence, LicenceFileFormat.Pdf);
        return (LicenceFileSealer.Seal(unsealed, LicenceFiles.SealOptions(TestPki.Rsa)), LicenceFiles.RenderAndSeal(licence, LicenceFileFormat.Ofd, TestPki.Sm2), unsealed);
    });

    public static byte[] SealedPdf => Files.Value.Pdf;

    public static byte[] SealedOfd => Files.Value.Ofd;

    public static byte[] UnsealedPdf => Files.Value.UnsealedPdf;

    public static byte[] Form => Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Application xmlns=\"urn:example:form\"><Applicant>测试公司</Applicant><Service>BL-CHANGE</Service></Application>\n");

    public static IReadOnlyList<ArchivalDocument> Documents => [new("licence.pdf", SealedPdf), new("licence.ofd", SealedOfd), new("forms/application.xml", Form)];

    /// <summary>Seals of both test PKIs and the test TSA's root are trusted.</summary>
    public static ArchivalVerificationOptions Verification => new() { CertificateValidator = new Either(TestPki.Rsa.Validator, TestPki.Sm2.Validator, TestTsa.Shared.Validator) };

    public static ArchivalPackageSeal SealOf(TestPki pki) => new()
    {
        Seal = SesSeal.Decode(TestSeal.Create(pki).SesSeal.Span),
        SignerCertificate = pki.LeafDer,
        Key = pki.Key,
        CertificateChain = pki.Chain,
        Department = "ARCHIVES-01",
    };

    public static ArchivalPackageBuildResult Build(IReadOnlyList<ArchivalDocument>? documents = null, bool acceptInvalid = false, bool timestamp = true, TestPki? sealPki = null, TimeProvider? clock = null) =>
        ArchivalPackageBuilder.BuildAsync(new ArchivalPackageRequest
        {
            CaseId = "CASE-2026-0001",
            Title = "营业执照变更",
            Documents = documents ?? Documents,
            Seal = SealOf(sealPki ?? TestPki.Rsa),
            TimestampClient = timestamp ? TestTsa.Shared.Client : null,
            Verification = Verification,
            Certificates = [TestPki.Sm2.CaDer, TestPki.Rsa.CaDer],
            AcceptInvalid = acceptInvalid,
            TimeProvider = clock,
        }).GetAwaiter().GetResult();

    /// <summary>A clock that always says <paramref name="now"/>.</summary>
    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static ArchivalPackageReport Check(byte[] package, params IArchivalEvidence[] evidence) =>
        ArchivalPackageChecker.Check(package, new ArchivalCheckOptions { Verification = Verification, AdditionalEvidence = evidence });

    public static SortedDictionary<string, byte[]> Entries(byte[] package)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            result[entry.FullName] = m.ToArray();
        }

        return result;
    }

    /// <summary>A ZIP of <paramref name="entries"/> in the given order (no checks: hostile packages are made with it).</summary>
    public static byte[] Zip(IEnumerable<KeyValuePair<string, byte[]>> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(data);
            }
        }

        return buffer.ToArray();
    }

    public static byte[] With(byte[] package, Action<SortedDictionary<string, byte[]>> change)
    {
        var entries = Entries(package);
        change(entries);
        return Zip(entries);
    }

    /// <summary>A small valid PDF (no PDF/A identification) whose catalog carries <paramref name="catalogExtra"/>.</summary>
    public static byte[] Pdf(string catalogExtra)
    {
        var objects = new[]
        {
            $"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        };
        var sb = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private sealed class Either(params Trust.Core.Pki.ICertificateValidator[] validators) : Trust.Core.Pki.ICertificateValidator
    {
        public long Version => 1;

        public Trust.Core.Pki.ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, Trust.Core.Pki.CertificateUsage usage)
        {
            Trust.Core.Pki.ChainValidationResult? first = null;
            foreach (var v in validators)
            {
                var r = v.Validate(leafDer, intermediatesDer, at, usage);
                if (r.Status == Trust.Core.Pki.ChainStatus.Trusted)
                {
                    return r;
                }

                first ??= r;
            }

            return first!;
        }
    }
}
