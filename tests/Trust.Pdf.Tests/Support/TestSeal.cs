using System.Buffers.Binary;
using System.IO.Compression;
using Org.BouncyCastle.Asn1;

namespace Trust.Pdf.Tests.Support;

/// <summary>A structurally plausible SES_Seal (GB/T 38540) and a PNG picture for tests.</summary>
internal static class TestSeal
{
    public const string SealId = "TEST-SEAL-0001";
    public const string Department = "Test City Market Regulation Bureau";

    private static readonly Lazy<PdfSealData> RsaSeal = new(() => Make(TestPki.Rsa));
    private static readonly Lazy<PdfSealData> Sm2Seal = new(() => Make(TestPki.Sm2));

    /// <summary>A real GB/T 38540 seal made by Trust.Core's SealMaker, listing the PKI's signer.</summary>
    public static PdfSealData Create(TestPki pki) => ReferenceEquals(pki, TestPki.Rsa) ? RsaSeal.Value : Sm2Seal.Value;

    private static PdfSealData Make(TestPki pki)
    {
        var maker = new Trust.Core.Seals.SealMaker(pki.LeafDer, pki.Key, "TrustTest");
        var seal = maker.Make(new Trust.Core.Seals.SealRequest
        {
            EsId = SealId,
            Kind = Trust.Core.Seals.SealKind.Official,
            Name = Department,
            SignerCertificates = [pki.LeafDer],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = new Trust.Core.Seals.Asn1.SesPictureInfo("PNG", Png(120, 120), 40, 40),
        });
        return PdfSealData.FromSesSeal(seal);
    }

    /// <summary>A well-formed seal whose maker signature was tampered with (one bit flipped).</summary>
    public static PdfSealData Forged()
    {
        var real = Trust.Core.Seals.Asn1.SesSeal.Decode(Create(TestPki.Rsa).SesSeal.Span);
        var signature = real.SignedValue.ToArray();
        signature[^1] ^= 1;
        return PdfSealData.FromSesSeal(real with { SignedValue = signature });
    }

    /// <summary>A structurally plausible SES_Seal with header, esID, property (name = department), picture; dummy cert and signature.</summary>
    public static byte[] SesSeal(byte[] png)
    {
        var header = new DerSequence(new DerIA5String("ES"), DerInteger.ValueOf(4), new DerIA5String("TrustTest"));
        var now = new DerGeneralizedTime(DateTime.UtcNow);
        var property = new DerSequence(DerInteger.ValueOf(1), new DerUtf8String(Department), DerInteger.ValueOf(1), new DerSequence(new DerOctetString(new byte[] { 1, 2, 3 })), now, now, now);
        var picture = new DerSequence(new DerIA5String("PNG"), new DerOctetString(png), DerInteger.ValueOf(40), DerInteger.ValueOf(40));
        var info = new DerSequence(header, new DerIA5String(SealId), property, picture);
        return new DerSequence(info, new DerOctetString(new byte[] { 0x30, 0x00 }), new DerObjectIdentifier("1.2.156.10197.1.501"), new DerBitString(new byte[64])).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>A red ring on a transparent background, RGBA, filter 0 rows.</summary>
    public static byte[] Png(int width, int height)
    {
        var raw = new byte[(width * 4 + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width * 4 + 1);
            raw[row] = 0;
            for (var x = 0; x < width; x++)
            {
                var dx = x - (width / 2.0);
                var dy = y - (height / 2.0);
                var r = Math.Sqrt((dx * dx) + (dy * dy));
                var inRing = r < width / 2.0 && r > width / 2.0 - 8;
                var p = row + 1 + (x * 4);
                raw[p] = 220;
                raw[p + 1] = 20;
                raw[p + 2] = 30;
                raw[p + 3] = inRing ? (byte)255 : (byte)0;
            }
        }

        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 6;
        Chunk(ms, "IHDR", ihdr);
        using var z = new MemoryStream();
        using (var zl = new ZLibStream(z, CompressionLevel.Optimal, true))
        {
            zl.Write(raw);
        }

        Chunk(ms, "IDAT", z.ToArray());
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = System.IO.Hashing.Crc32Shim.Compute([.. typeBytes, .. data]);
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }
}
