using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Pictures;

namespace Trust.Core.Tests.Seals;

public sealed class DevelopmentSealsTests
{
    private static readonly SealFixture F = SealFixture.Shared;

    [Fact]
    public void Plan_gives_86_departments_160_seals_with_every_department_holding_an_official_seal()
    {
        var plan = DevelopmentSeals.Plan(86, 160).ToList();

        Assert.Equal(160, plan.Count);
        Assert.Equal(86, plan.Select(p => p.Department).Distinct().Count());
        Assert.All(Enumerable.Range(0, 86), d => Assert.Contains((d, SealKind.Official, 1), plan));
        Assert.Equal(plan.Count, plan.Distinct().Count());
        Assert.All(plan, p => Assert.Equal(1, p.Serial));
        Assert.All(Enum.GetValues<SealKind>(), k => Assert.Contains(plan, p => p.Kind == k));
    }

    [Fact]
    public void Plan_for_few_departments_and_many_seals_numbers_repeated_kinds()
    {
        var plan = DevelopmentSeals.Plan(4, 160).ToList();

        Assert.Equal(160, plan.Count);
        Assert.Equal(plan.Count, plan.Distinct().Count());
        Assert.All(Enumerable.Range(0, 4), d => Assert.Equal(40, plan.Count(p => p.Department == d)));
        Assert.Contains(plan, p => p.Serial > 1);
    }

    [Theory]
    [InlineData(86, -1)]
    [InlineData(86, DevelopmentSeals.MaxSeals + 1)]
    public void Plan_refuses_negative_or_excessive_counts(int departments, int seals) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DevelopmentSeals.Plan(departments, seals).ToList());

    [Fact]
    public void Plan_with_fewer_seals_than_departments_gives_official_seals_to_the_first_departments() =>
        Assert.Equal([(0, SealKind.Official, 1), (1, SealKind.Official, 1)], DevelopmentSeals.Plan(86, 2));

    [Fact]
    public void Development_seals_are_made_by_the_maker_matching_each_department_algorithm_and_verify()
    {
        var sm2Dept = F.Sm2Ca.Issue(Sm2SigningKey.Generate(), "D01");
        var rsaDept = F.RsaSigner;
        var departments = new[]
        {
            new DevelopmentSealDepartment("D01", "市场监督管理局", sm2Dept.Certificate),
            new DevelopmentSealDepartment("D02", "公安局", rsaDept.Certificate),
        };

        var seals = DevelopmentSeals.Create(departments, F.Sm2Maker, F.RsaMaker, 9, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));

        Assert.Equal(["D01-GZ", "D02-GZ", "D01-SP", "D02-ZZ", "D01-ZZ", "D02-YW", "D01-YW", "D02-SP", "D01-SP-2"], seals.Select(s => s.Id));
        Assert.Equal("市场监督管理局行政审批专用章（2）", seals[8].Name);
        Assert.Equal("市场监督管理局公章", seals[0].Name);
        Assert.Equal(SignatureAlgorithm.Sm2Sm3, seals[0].Algorithm);
        Assert.Equal(SignatureAlgorithm.RsaPkcs1Sha256, seals[1].Algorithm);
        Assert.Equal("1.2.840.113549.1.1.11", seals[1].Seal.SignatureAlgorithmOid);
        Assert.Equal("PNG", seals[0].Seal.SealInfo.Picture.Type);
        Assert.Equal("TrustTest", seals[0].Seal.SealInfo.Header.VendorId);

        var registry = new SealRegistry(seals);
        var record = registry.GetUsable("D02-ZZ");
        var signature = new SealSigner(registry.Revocations).Sign(record.Seal, rsaDept.Certificate, rsaDept.Key, new MemoryStream([1]));
        Assert.True(new SealSignatureVerifier(F.NewValidator(), registry.Revocations).Verify(signature, new MemoryStream([1])).IsValid);
    }

    [Fact]
    public void Registry_refuses_revoked_and_expired_seals_and_unknown_ids()
    {
        var current = F.Sm2Seal("REG-1");
        var expired = F.Sm2Maker.Make(SealFixture.Request("REG-2", F.Sm2Signer, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1)));
        var registry = new SealRegistry(
        [
            new SealRecord("REG-1", "a", "D01", SealKind.Official, SignatureAlgorithm.Sm2Sm3, current),
            new SealRecord("REG-2", "b", "D01", SealKind.Business, SignatureAlgorithm.Sm2Sm3, expired),
        ]);

        Assert.Equal("REG-1", registry.GetUsable("REG-1").Id);
        Assert.Equal(SealReasons.NotValidAtSigningTime, Assert.Throws<SealUnusableException>(() => registry.GetUsable("REG-2")).Reason);
        ((InMemorySealRevocations)registry.Revocations).Revoke("REG-1");
        Assert.Equal(SealReasons.Revoked, Assert.Throws<SealUnusableException>(() => registry.GetUsable("REG-1")).Reason);
        Assert.Throws<KeyNotFoundException>(() => registry.GetUsable("NOPE"));
        Assert.Equal(2, registry.List().Count);
    }

    [Fact]
    public void Registry_rejects_duplicate_ids()
    {
        var seal = F.Sm2Seal("DUP");
        var record = new SealRecord("DUP", "a", "D01", SealKind.Official, SignatureAlgorithm.Sm2Sm3, seal);
        Assert.Throws<ArgumentException>(() => new SealRegistry([record, record]));
    }

    [Fact]
    public void Seal_png_is_a_valid_red_round_seal_image()
    {
        var picture = SealPictures.CreatePng("SCJGJ DEV", "GZ", 200);
        var png = picture.Data.ToArray();

        Assert.Equal("PNG", picture.Type);
        Assert.Equal(42, picture.WidthMillimetres);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var pixels = DecodeRgba(png, out var width, out var height);
        Assert.Equal((200, 200), (width, height));
        Assert.True(Alpha(pixels, width, 100, 100 - 20) > 200, "star centre is inked");
        Assert.True(Alpha(pixels, width, 100, 4) > 200, "ring at the top is inked");
        Assert.Equal(0, Alpha(pixels, width, 2, 2)); // corner outside the circle stays transparent
        Assert.Equal(0xD0, pixels[((100 * width) + 100) * 4]);
    }

    [Fact]
    public void Seal_svg_carries_the_chinese_name_escaped()
    {
        var svg = Encoding.UTF8.GetString(SealPictures.CreateSvg("市场监督管理局<公章>", "公章").Data.Span);
        Assert.Contains("市场监督管理局&lt;公章&gt;", svg, StringComparison.Ordinal);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_crc_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32(0xFFFFFFFFu, "123456789"u8) ^ 0xFFFFFFFFu);

    private static int Alpha(byte[] rgba, int width, int x, int y) => rgba[(((y * width) + x) * 4) + 3];

    private static byte[] DecodeRgba(byte[] png, out int width, out int height)
    {
        width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        var idat = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(crc, PngEncoder.Crc32(0xFFFFFFFFu, png.AsSpan(offset + 4, length + 4)) ^ 0xFFFFFFFFu);
            if (type == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * ((width * 4) + 1)]);
            Array.Copy(rows, (y * ((width * 4) + 1)) + 1, rgba, y * width * 4, width * 4);
        }

        return rgba;
    }
}
