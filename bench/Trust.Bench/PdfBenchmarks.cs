using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Pdf;

namespace Trust.Bench;

/// <summary>
/// Seals and verifies 1 MB and 20 MB PDFs with SM2 and RSA keys (short run job).
/// Run: <c>dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll --filter '*PdfBenchmarks*' --inProcess --strategy Monitoring --launchCount 1 --warmupCount 1 --iterationCount 5</c>.
/// Peak memory for a 200 MB file: <c>/usr/bin/time -v dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll pdf-memory 200</c>.
/// </summary>
[MemoryDiagnoser]
public class PdfBenchmarks
{
    private string _input = string.Empty;
    private string _sealed = string.Empty;
    private string _output = string.Empty;
    private PdfSealOptions _options = null!;

    [Params(1, 20)]
    public int SizeMb { get; set; }

    [Params("SM2", "RSA")]
    public string Algorithm { get; set; } = "SM2";

    [GlobalSetup]
    public void Setup()
    {
        _input = Path.Combine(Path.GetTempPath(), $"trust-bench-{SizeMb}.pdf");
        _sealed = _input + $".{Algorithm}.sealed.pdf";
        _output = _input + $".{Algorithm}.out.pdf";
        PdfBenchData.WriteLargePdf(_input, SizeMb * 1024L * 1024L);
        _options = PdfBenchData.Options(Algorithm == "SM2" ? KeyAlgorithm.Sm2 : KeyAlgorithm.Rsa);
        PdfSealer.Seal(_input, _sealed, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_input);
        File.Delete(_sealed);
        File.Delete(_output);
    }

    [Benchmark]
    public string Seal() => PdfSealer.Seal(_input, _output, _options);

    [Benchmark]
    public PdfDocumentVerdict Verify() => PdfSealVerifier.Verify(_sealed, new PdfVerificationOptions { SkipCertificateValidation = true }).Verdict;
}

/// <summary>Test data for the PDF benchmarks and the peak-memory run.</summary>
internal static class PdfBenchData
{
    /// <summary>Generates a PDF of the given size, seals and verifies it, printing timings (run under /usr/bin/time -v).</summary>
    public static int RunMemory(string[] args)
    {
        var mb = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var input = Path.Combine(Path.GetTempPath(), $"trust-memory-{mb}.pdf");
        var output = input + ".sealed.pdf";
        try
        {
            WriteLargePdf(input, mb * 1024L * 1024L);
            var options = Options(args.Length > 2 && args[2] == "rsa" ? KeyAlgorithm.Rsa : KeyAlgorithm.Sm2);
            var sw = Stopwatch.StartNew();
            PdfSealer.Seal(input, output, options);
            var seal = sw.Elapsed;
            sw.Restart();
            var report = PdfSealVerifier.Verify(output, new PdfVerificationOptions { SkipCertificateValidation = true });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"size={new FileInfo(output).Length} seal={seal.TotalMilliseconds:F0}ms verify={sw.Elapsed.TotalMilliseconds:F0}ms verdict={report.Verdict} managedPeak={GC.GetGCMemoryInfo().HeapSizeBytes / 1048576}MB"));
            return report.Verdict == PdfDocumentVerdict.Valid ? 0 : 1;
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    public static PdfSealOptions Options(KeyAlgorithm algorithm)
    {
        SigningKey key = algorithm == KeyAlgorithm.Sm2 ? Sm2SigningKey.Generate() : RsaSigningKey.Generate(2048);
        var random = new SecureRandom();
        var caGen = GeneratorUtilities.GetKeyPairGenerator("EC");
        caGen.Init(new Org.BouncyCastle.Crypto.Parameters.ECKeyGenerationParameters(new DerObjectIdentifier("1.2.156.10197.1.301"), random));
        var ca = caGen.GenerateKeyPair();
        var gen = new X509V3CertificateGenerator();
        gen.SetSerialNumber(BigInteger.Two);
        gen.SetIssuerDN(new X509Name("CN=Bench CA"));
        gen.SetSubjectDN(new X509Name("CN=Bench Signer"));
        gen.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        gen.SetNotAfter(DateTime.UtcNow.AddYears(1));
        gen.SetPublicKey(PublicKeyFactory.CreateKey(key.PublicKey.ExportSubjectPublicKeyInfo()));
        var cert = gen.Generate(new Asn1SignatureFactory("SM3WITHSM2", ca.Private, random)).GetEncoded();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP4z8DwnwEJMDEgAQYGBgAhDgIBtQuS5AAAAABJRU5ErkJggg==");
        var seal = new DerSequence(
            new DerSequence(new DerSequence(new DerIA5String("ES"), DerInteger.ValueOf(4), new DerIA5String("bench")), new DerIA5String("BENCH-1"),
                new DerSequence(DerInteger.ValueOf(1), new DerUtf8String("Bench Department"))),
            new DerOctetString(cert)).GetEncoded(Asn1Encodable.Der);
        return new PdfSealOptions
        {
            Key = key,
            CertificateChain = [cert],
            Seal = new PdfSealData { SesSeal = seal, SealId = "BENCH-1", Department = "Bench Department", PicturePng = png, WidthMm = 40, HeightMm = 40 },
        };
    }

    public static void WriteLargePdf(string path, long size)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        void W(string s) => fs.Write(Encoding.Latin1.GetBytes(s));
        W("%PDF-1.7\n");
        var offsets = new long[5];
        offsets[0] = fs.Position;
        W($"1 0 obj\n<< /Length {size} >>\nstream\n");
        var chunk = new byte[1 << 20];
        new Random(7).NextBytes(chunk);
        for (long done = 0; done < size;)
        {
            var n = (int)Math.Min(chunk.Length, size - done);
            fs.Write(chunk, 0, n);
            done += n;
        }

        W("\nendstream\nendobj\n");
        const string content = "BT /F1 24 Tf 72 700 Td (Bench) Tj ET";
        string[] bodies =
        [
            "<< /Type /Catalog /Pages 3 0 R >>",
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Big 1 0 R >> >> /Contents 5 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];
        for (var i = 0; i < bodies.Length; i++)
        {
            offsets[i + 1] = fs.Position;
            W($"{i + 2} 0 obj\n{bodies[i]}\nendobj\n");
        }

        var xref = fs.Position;
        W("xref\n0 6\n0000000000 65535 f\r\n");
        foreach (var o in offsets)
        {
            W(o.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n\r\n");
        }

        W($"trailer\n<< /Size 6 /Root 2 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    }
}
