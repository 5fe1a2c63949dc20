using System.Text;
using System.Text.Json;

namespace Trust.Cli.Tests;

/// <summary><c>trust seal pdf</c> and <c>trust seal verify</c> against a small development PKI.</summary>
public sealed class SealPdfCommandsTests(SealCliFixture fixture) : IClassFixture<SealCliFixture>
{
    [Fact]
    public void Seal_pdf_with_an_sm2_and_an_rsa_seal_verifies_valid_with_the_contract_json_shape()
    {
        var original = WritePdf("two-seals.pdf");
        var once = Path.Combine(fixture.Root, "two-seals-1.pdf");
        var twice = Path.Combine(fixture.Root, "two-seals-2.pdf");

        var (c1, _, e1) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("SM2-SM3"), "--in", original, "--out", once, "--at", "120,40", "--reason", "archived");
        Assert.True(c1 == 0, e1);
        var (c2, _, e2) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", once, "--out", twice, "--at", "60,40");
        Assert.True(c2 == 0, e2);

        var (code, output, error) = SealCommandsTests.Run("seal", "verify", twice, "--pki", fixture.Pki, "--json");
        Assert.True(code == 0, error + output);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("valid", root.GetProperty("verdict").GetString());
        Assert.Equal("TOTAL-PASSED", root.GetProperty("indication").GetString());
        Assert.Equal(3, root.GetProperty("revisions").GetInt32());
        var seals = root.GetProperty("seals").EnumerateArray().ToList();
        Assert.Equal(2, seals.Count);
        Assert.Equal(["SM2-SM3", "RSA-SHA256"], seals.Select(s => s.GetProperty("algorithm").GetString()));
        Assert.All(seals, s =>
        {
            Assert.Equal("valid", s.GetProperty("integrity").GetString());
            Assert.True(s.GetProperty("covers_revision").GetBoolean());
            Assert.False(s.GetProperty("modified_after").GetBoolean());
            Assert.Equal("trusted", s.GetProperty("certificate").GetString());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("field").GetString()));
            Assert.False(string.IsNullOrEmpty(s.GetProperty("seal_id").GetString()));
            Assert.Equal(DepartmentOf(s.GetProperty("seal_id").GetString()!), s.GetProperty("department").GetString());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("seal_name").GetString()));
            Assert.Equal(JsonValueKind.Array, s.GetProperty("changes_after").ValueKind);
        });
        Assert.Single(seals[0].GetProperty("changes_after").EnumerateArray());

        // The original and the first revision are untouched prefixes of the result.
        var a = File.ReadAllBytes(original);
        var b = File.ReadAllBytes(once);
        var c = File.ReadAllBytes(twice);
        Assert.True(b.AsSpan(0, a.Length).SequenceEqual(a));
        Assert.True(c.AsSpan(0, b.Length).SequenceEqual(b));
    }

    [Fact]
    public void Pdf_sealed_with_a_seal_a_department_made_itself_is_not_valid()
    {
        // The SAMR department's own key (a seal signer, chaining to the PKI) makes a seal that claims to be PSB's and
        // seals a PDF with it: only the seal-making authority may make seals, so the PDF must not verify valid.
        var manifest = Trust.Core.Pki.Development.DevelopmentPkiManifest.Load(fixture.Pki);
        var samr = manifest.Departments.First(d => d.Algorithm == "SM2");
        var certificate = Trust.Core.Pki.CertificatePem.LoadFile(Path.Combine(fixture.Pki, samr.Certificate))[0];
        var ca = Trust.Core.Pki.CertificatePem.LoadFile(Path.Combine(fixture.Pki, manifest.FindAuthority(samr.Issuer)!.Certificate))[0];
        using var key = Trust.Core.Keys.PrivateKeyPem.LoadFile(Path.Combine(fixture.Pki, samr.Key), Trust.Core.Pki.Development.DevelopmentPki.ResolvePassphrase(), out _);
        var homeMade = new Trust.Core.Seals.SealMaker(certificate, key).Make(new Trust.Core.Seals.SealRequest
        {
            EsId = "PSB-HOME-MADE-1",
            Kind = Trust.Core.Seals.SealKind.Official,
            Name = "公安局 (made by another department)",
            SignerCertificates = [certificate],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = Trust.Core.Seals.SealPictures.CreatePng("HOME MADE", "01"),
        });
        var sealedPath = Path.Combine(fixture.Root, "home-made-sealed.pdf");
        Trust.Pdf.PdfSealer.Seal(WritePdf("home-made.pdf"), sealedPath, new Trust.Pdf.PdfSealOptions
        {
            Key = key,
            CertificateChain = [certificate, ca],
            Seal = Trust.Pdf.PdfSealData.FromSesSeal(homeMade, "PSB"),
            Page = 1,
            XMm = 100,
            YMm = 40,
        });

        var (code, output, _) = SealCommandsTests.Run("seal", "verify", sealedPath, "--pki", fixture.Pki, "--json");

        Assert.Equal(1, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("invalid", root.GetProperty("verdict").GetString());
        var reasons = root.GetProperty("seals")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("maker.role_missing:seal_maker", reasons);
        Assert.True(root.GetProperty("seals")[0].GetProperty("department").ValueKind is JsonValueKind.Null or JsonValueKind.String
            && root.GetProperty("seals")[0].GetProperty("department").GetString() is null or "");
    }

    [Fact]
    public void A_flipped_byte_inside_the_signed_range_makes_the_seal_invalid()
    {
        var original = WritePdf("flip.pdf");
        var sealedPath = Path.Combine(fixture.Root, "flip-sealed.pdf");
        var (c1, _, e1) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("RSA-SHA256"), "--in", original, "--out", sealedPath);
        Assert.True(c1 == 0, e1);
        var bytes = File.ReadAllBytes(sealedPath);
        var content = Encoding.Latin1.GetString(bytes).IndexOf("Hello", StringComparison.Ordinal);
        Assert.True(content > 0);
        bytes[content] = (byte)'J';
        File.WriteAllBytes(sealedPath, bytes);

        var (code, output, _) = SealCommandsTests.Run("seal", "verify", sealedPath, "--pki", fixture.Pki, "--json");

        Assert.Equal(1, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.NotEqual("valid", root.GetProperty("verdict").GetString());
        Assert.Equal("invalid", root.GetProperty("seals")[0].GetProperty("integrity").GetString());
    }

    [Fact]
    public void An_unsigned_pdf_is_reported_unsigned_with_exit_1()
    {
        var (code, output, _) = SealCommandsTests.Run("seal", "verify", WritePdf("unsigned.pdf"), "--pki", fixture.Pki, "--json");

        Assert.Equal(1, code);
        Assert.Equal("unsigned", JsonDocument.Parse(output).RootElement.GetProperty("verdict").GetString());
        Assert.Equal("INDETERMINATE", JsonDocument.Parse(output).RootElement.GetProperty("indication").GetString());
        Assert.Equal("NO_SIGNATURE_FOUND", JsonDocument.Parse(output).RootElement.GetProperty("sub_indication").GetString());
    }

    [Fact]
    public void Bad_input_exits_2_and_writes_nothing()
    {
        var output = Path.Combine(fixture.Root, "never.pdf");
        var (missing, _, missingError) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("SM2-SM3"), "--in", Path.Combine(fixture.Root, "nope.pdf"), "--out", output);
        Assert.Equal(2, missing);
        Assert.Contains("--in", missingError);

        var notPdf = Path.Combine(fixture.Root, "not-a.pdf");
        File.WriteAllText(notPdf, "this is not a PDF");
        var (garbage, _, _) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("SM2-SM3"), "--in", notPdf, "--out", output);
        Assert.Equal(2, garbage);

        var (badAt, _, badAtError) = SealCommandsTests.Run("seal", "pdf", "--pki", fixture.Pki, "--seal", Seal("SM2-SM3"), "--in", WritePdf("at.pdf"), "--out", output, "--at", "x,1");
        Assert.Equal(2, badAt);
        Assert.Contains("--at", badAtError);

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(fixture.Root, ".never.pdf.tmp-*"));
        var (unreadable, _, _) = SealCommandsTests.Run("seal", "verify", Path.Combine(fixture.Root, "nope.pdf"), "--pki", fixture.Pki);
        Assert.Equal(2, unreadable);
        var (garbageVerify, _, garbageError) = SealCommandsTests.Run("seal", "verify", notPdf, "--pki", fixture.Pki);
        Assert.Equal(2, garbageVerify);
        Assert.Contains("not a readable PDF", garbageError);
    }

    /// <summary>The department code <c>seal list</c> gives for a seal.</summary>
    private string DepartmentOf(string sealId)
    {
        var (_, output, _) = SealCommandsTests.Run("seal", "list", "--pki", fixture.Pki, "--json");
        return JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray()
            .First(s => s.GetProperty("id").GetString() == sealId).GetProperty("department").GetString()!;
    }

    private string Seal(string algorithm)
    {
        var (_, output, _) = SealCommandsTests.Run("seal", "list", "--pki", fixture.Pki, "--json");
        return JsonDocument.Parse(output).RootElement.GetProperty("seals").EnumerateArray()
            .First(s => s.GetProperty("algorithm").GetString() == algorithm).GetProperty("id").GetString()!;
    }

    private string WritePdf(string name) => WritePdf(fixture.Root, name);

    /// <summary>A minimal one-page PDF with a classic cross-reference table, written byte-exactly.</summary>
    internal static string WritePdf(string directory, string name)
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (Hello) Tj ET\nstream_end",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var sb = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(sb.ToString()));
            var body = objects[i].Replace("stream_end", "endstream", StringComparison.Ordinal);
            if (i == 3)
            {
                var streamData = "BT /F1 24 Tf 72 720 Td (Hello) Tj ET";
                body = $"<< /Length {streamData.Length} >>\nstream\n{streamData}\nendstream";
            }

            sb.Append($"{i + 1} 0 obj\n{body}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(sb.ToString());
        sb.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            sb.Append($"{offset:D10} 00000 n \n");
        }

        sb.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(sb.ToString()));
        return path;
    }
}
