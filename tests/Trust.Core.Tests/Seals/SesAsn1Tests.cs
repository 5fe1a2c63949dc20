using Org.BouncyCastle.Asn1;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Tests.Seals;

public sealed class SesAsn1Tests
{
    private static readonly SealFixture F = SealFixture.Shared;

    [Fact]
    public void Sm2_seal_round_trips_through_der()
    {
        var seal = F.Sm2Seal();
        var der = seal.Encode();
        var decoded = SesSeal.Decode(der);

        Assert.Equal(der, decoded.Encode());
        Assert.Equal("ES", decoded.SealInfo.Header.Id);
        Assert.Equal(4, decoded.SealInfo.Header.Version);
        Assert.Equal("SM2-TEST-1", decoded.SealInfo.EsId);
        Assert.Equal("某某市市场监督管理局公章", decoded.SealInfo.Property.Name);
        Assert.Equal(SesCertListType.Certificates, decoded.SealInfo.Property.CertListType);
        Assert.Equal(F.Sm2Signer.Certificate, decoded.SealInfo.Property.Certificates[0].ToArray());
        Assert.Equal("1.2.156.10197.1.501", decoded.SignatureAlgorithmOid);
    }

    [Fact]
    public void Rsa_seal_with_certificate_digests_round_trips_through_der()
    {
        var seal = F.RsaSeal(digests: true);
        var der = seal.Encode();
        var decoded = SesSeal.Decode(der);

        Assert.Equal(der, decoded.Encode());
        Assert.Equal(SesCertListType.CertificateDigests, decoded.SealInfo.Property.CertListType);
        Assert.Equal("SHA256", decoded.SealInfo.Property.CertificateDigests[0].DigestName);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(F.RsaSigner.Certificate), decoded.SealInfo.Property.CertificateDigests[0].Value.ToArray());
        Assert.Equal("1.2.840.113549.1.1.11", decoded.SignatureAlgorithmOid);
    }

    [Fact]
    public void Signature_with_extensions_and_time_stamp_round_trips_through_der()
    {
        var seal = F.Sm2Seal() with { };
        var info = seal.SealInfo with { Extensions = [new SesExtension("1.2.3.4", true, new byte[] { 1, 2, 3 }), new SesExtension("1.2.3.5", false, new byte[] { 4 })] };
        var tbs = new TbsSign(seal with { SealInfo = info }, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new byte[32], "file.txt", [new SesExtension("1.2.3.6", false, new byte[] { 9 })]);
        var signature = new SesSignature(tbs, F.Sm2Signer.Certificate, "1.2.156.10197.1.501", new byte[] { 0x30, 0x00 }, new byte[] { 7, 7, 7 });

        var der = signature.Encode();
        var decoded = SesSignature.Decode(der);

        Assert.Equal(der, decoded.Encode());
        Assert.Equal(3, decoded.TimeStamp!.Value.Length);
        Assert.Equal(2, decoded.ToSign.Seal.SealInfo.Extensions!.Count);
        Assert.True(decoded.ToSign.Seal.SealInfo.Extensions[0].Critical);
        Assert.Equal("file.txt", decoded.ToSign.PropertyInfo);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), decoded.ToSign.TimeInfo);
    }

    [Fact]
    public void Extension_with_explicit_default_critical_false_keeps_its_encoding()
    {
        var ext = new DerSequence(new DerObjectIdentifier("1.2.3"), DerBoolean.False, new DerOctetString([1]));
        var der = ReplaceSealInfo(F.Sm2Seal(), info => Append(info, new DerSequence(ext)));

        var decoded = SesSeal.Decode(der);

        Assert.False(decoded.SealInfo.Extensions![0].Critical);
        Assert.Equal(der, decoded.Encode());
    }

    [Fact]
    public void Trailing_bytes_are_rejected_with_their_offset()
    {
        var der = F.Sm2Seal().Encode();
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode([.. der, 0x00]));
        Assert.Equal("SES_Seal", ex.Field);
        Assert.Equal(der.Length, ex.Offset);
    }

    [Fact]
    public void Header_id_other_than_ES_is_rejected()
    {
        var der = ReplaceSealInfo(F.Sm2Seal(), info => ReplaceAt(info, 0, new DerSequence(new DerIA5String("EX"), DerInteger.ValueOf(4), new DerIA5String("v"))));
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_Header.id", ex.Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Header_version_other_than_4_is_rejected(int version)
    {
        var der = ReplaceSealInfo(F.Sm2Seal(), info => ReplaceAt(info, 0, new DerSequence(new DerIA5String("ES"), DerInteger.ValueOf(version), new DerIA5String("v"))));
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_Header.version", ex.Field);
    }

    [Fact]
    public void Tbs_sign_version_other_than_4_is_rejected()
    {
        var signature = Sample();
        var seq = (Asn1Sequence)Asn1Object.FromByteArray(signature.Encode());
        var tbs = ReplaceAt((Asn1Sequence)seq[0], 0, DerInteger.ValueOf(2));
        var der = ReplaceAt(seq, 0, tbs).GetEncoded(Asn1Encodable.Der);
        var ex = Assert.Throws<TrustFormatException>(() => SesSignature.Decode(der));
        Assert.Equal("TBS_Sign.version", ex.Field);
    }

    [Fact]
    public void Wrong_tag_is_rejected_naming_the_field()
    {
        var der = ReplaceSealInfo(F.Sm2Seal(), info => ReplaceAt(info, 1, new DerUtf8String("SM2-TEST-1")));
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_SealInfo.esID", ex.Field);
    }

    [Fact]
    public void Oversize_picture_is_rejected()
    {
        var seal = F.Sm2Seal();
        var picture = new DerSequence(new DerIA5String("PNG"), new DerOctetString(new byte[SesLimits.MaxPictureBytes + 1]), DerInteger.ValueOf(42), DerInteger.ValueOf(42));
        var der = ReplaceSealInfo(seal, info => ReplaceAt(info, 3, picture));
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_ESPictureInfo.data", ex.Field);
    }

    [Fact]
    public void Oversize_picture_is_refused_when_encoding()
    {
        var request = SealFixture.Request("BIG", F.Sm2Signer, picture: new SesPictureInfo("PNG", new byte[SesLimits.MaxPictureBytes + 1], 42, 42));
        var ex = Assert.Throws<TrustFormatException>(() => F.Sm2Maker.Make(request));
        Assert.Equal("SES_ESPictureInfo.data", ex.Field);
    }

    [Fact]
    public void Certificate_list_longer_than_the_limit_is_rejected()
    {
        var seal = F.Sm2Seal();
        var seq = (Asn1Sequence)Asn1Object.FromByteArray(seal.Encode());
        var info = (Asn1Sequence)seq[0];
        var property = (Asn1Sequence)info[2];
        var list = new Asn1EncodableVector();
        for (var i = 0; i <= SesLimits.MaxCertificateListEntries; i++)
        {
            list.Add(new DerOctetString([1, 2, 3]));
        }

        var der = ReplaceAt(seq, 0, ReplaceAt(info, 2, ReplaceAt(property, 3, new DerSequence(list)))).GetEncoded(Asn1Encodable.Der);
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_ESPropertyInfo.certList", ex.Field);
    }

    [Fact]
    public void Unknown_certificate_list_type_is_rejected()
    {
        var seal = F.Sm2Seal();
        var seq = (Asn1Sequence)Asn1Object.FromByteArray(seal.Encode());
        var info = (Asn1Sequence)seq[0];
        var der = ReplaceAt(seq, 0, ReplaceAt(info, 2, ReplaceAt((Asn1Sequence)info[2], 2, DerInteger.ValueOf(3)))).GetEncoded(Asn1Encodable.Der);
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_ESPropertyInfo.certListType", ex.Field);
    }

    [Fact]
    public void Ber_indefinite_length_is_rejected_as_not_der()
    {
        var der = F.Sm2Seal().Encode();
        var ber = new BerSequence(Asn1Sequence.GetInstance(der).ToArray()).GetEncoded(Asn1Encodable.Ber);
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(ber));
        Assert.Contains("DER", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generalized_time_with_fractional_seconds_is_rejected()
    {
        var seal = F.Sm2Seal();
        var seq = (Asn1Sequence)Asn1Object.FromByteArray(seal.Encode());
        var info = (Asn1Sequence)seq[0];
        var der = ReplaceAt(seq, 0, ReplaceAt(info, 2, ReplaceAt((Asn1Sequence)info[2], 4, new DerGeneralizedTime("20260101000000.5Z")))).GetEncoded(Asn1Encodable.Der);
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der));
        Assert.Equal("SES_ESPropertyInfo.createDate", ex.Field);
    }

    [Fact]
    public void Truncated_seal_is_rejected_at_every_length()
    {
        var der = F.Sm2Seal().Encode();
        for (var n = 0; n < der.Length; n += 37)
        {
            Assert.Throws<TrustFormatException>(() => SesSeal.Decode(der.AsSpan(0, n)));
            Assert.False(SesSeal.TryDecode(der.AsSpan(0, n), out _));
        }
    }

    [Fact]
    public void A_seal_is_not_a_signature_and_a_signature_is_not_a_seal()
    {
        var seal = F.Sm2Seal().Encode();
        var signature = Sample().Encode();
        Assert.False(SesSignature.TryDecode(seal, out _));
        Assert.False(SesSeal.TryDecode(signature, out _));
    }

    [Fact]
    public void Input_over_the_size_limit_is_rejected_before_parsing()
    {
        var ex = Assert.Throws<TrustFormatException>(() => SesSeal.Decode(new byte[SesLimits.MaxSealBytes + 1]));
        Assert.Equal("SES_Seal", ex.Field);
    }

    internal static SesSignature Sample()
    {
        var seal = F.Sm2Seal();
        return new SesSignature(new TbsSign(seal, DateTimeOffset.UnixEpoch.AddYears(56), new byte[32], "x"), F.Sm2Signer.Certificate, "1.2.156.10197.1.501", new byte[] { 1 });
    }

    private static byte[] ReplaceSealInfo(SesSeal seal, Func<Asn1Sequence, Asn1Sequence> change)
    {
        var seq = (Asn1Sequence)Asn1Object.FromByteArray(seal.Encode());
        return ReplaceAt(seq, 0, change((Asn1Sequence)seq[0])).GetEncoded(Asn1Encodable.Der);
    }

    internal static Asn1Sequence ReplaceAt(Asn1Sequence seq, int index, Asn1Encodable value)
    {
        var items = seq.ToArray();
        items[index] = value;
        return new DerSequence(items);
    }

    private static Asn1Sequence Append(Asn1Sequence seq, Asn1Encodable value) => new DerSequence(seq.ToArray().Append(value).ToArray());
}
