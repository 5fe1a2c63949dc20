using System.Formats.Cbor;
using Trust.Core.Cbor;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Encoding;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki.Internal;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Tests.Grants;
using Trust.Core.Tests.Licences;
using Trust.Core.Tests.Seals;

namespace Trust.Core.Tests.Hostile;

/// <summary>
/// Deeply nested input at every position a parser reads: each must give a verdict or a
/// <see cref="TrustFormatException"/>, never a stack overflow (which would kill this test host).
/// </summary>
public sealed class DeepNestingTests
{
    private const int Deep = 100_000;

    private static readonly Lazy<LicenceFixture> F = new(() => new LicenceFixture(KeyAlgorithm.Sm2));
    private static readonly Lazy<SignedLicence> Good = new(() => F.Value.IssueAsync("BL").GetAwaiter().GetResult());

    public enum Kind
    {
        Tags,
        Arrays,
        Maps,
    }

    /// <summary>CBOR nested <paramref name="depth"/> deep around an unsigned 0 (one or two bytes per level).</summary>
    internal static byte[] Nested(Kind kind, int depth)
    {
        var prefix = kind switch
        {
            Kind.Tags => new byte[] { 0xC6 },        // tag 6
            Kind.Arrays => new byte[] { 0x81 },      // array(1)
            _ => new byte[] { 0xA1, 0x00 },          // map(1) { 0: ...
        };
        var bytes = new byte[(depth * prefix.Length) + 1];
        for (var i = 0; i < depth; i++)
        {
            prefix.CopyTo(bytes, i * prefix.Length);
        }

        return bytes; // the innermost value is 0x00
    }

    /// <summary>Nesting that fills <paramref name="maxBytes"/> (the size limits run before any parsing).</summary>
    private static byte[] NestedWithin(Kind kind, int maxBytes) => Nested(kind, (maxBytes - 1) / (kind == Kind.Maps ? 2 : 1));

    private static byte[] Header(long alg, string contentType, IReadOnlyList<byte[]> chain)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(3);
        writer.WriteInt32(1);
        writer.WriteInt64(alg);
        writer.WriteInt32(3);
        writer.WriteTextString(contentType);
        writer.WriteInt32(33);
        writer.WriteStartArray(chain.Count);
        foreach (var c in chain)
        {
            writer.WriteByteString(c);
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>A correctly signed COSE_Sign1 around arbitrary protected header and payload bytes.</summary>
    internal static byte[] SignRaw(byte[] protectedHeader, byte[] payload, SigningKey key, SignatureAlgorithm alg)
    {
        var signature = key.Sign(alg, CoseSign1.SigStructure(protectedHeader, payload));
        if (CoseAlgorithms.IsRawEc(alg))
        {
            signature = EcSignatureEncoding.DerToRaw(signature)!;
        }

        var writer = new CborWriter(CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
        writer.WriteTag((CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] LicenceHeader => Header(CoseAlgorithms.Sm2Sm3, SignedLicence.ContentType, F.Value.Pki.Chain);

    private static LicenceVerificationResult Verify(ReadOnlyMemory<byte> bytes) => F.Value.Verifier.VerifyAsync(bytes).GetAwaiter().GetResult();

    private static void AssertMalformed(LicenceVerificationResult result, string reason)
    {
        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Contains(reason, result.Reasons);
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public void Validate_refuses_100k_nesting_as_too_deep(Kind kind)
    {
        var ex = Assert.Throws<TrustFormatException>(() => DeterministicCbor.Validate(Nested(kind, Deep), "probe"));
        Assert.Equal("probe", ex.Field);
        Assert.Contains("too deep", ex.Message, StringComparison.Ordinal);
        Assert.Equal(DeterministicCbor.MaxDepth, ex.Offset! / (kind == Kind.Maps ? 2 : 1));
    }

    [Fact]
    public void Validate_counts_a_tag_as_a_level_and_accepts_exactly_the_limit()
    {
        DeterministicCbor.Validate(Nested(Kind.Tags, DeterministicCbor.MaxDepth), "probe");
        DeterministicCbor.Validate(Nested(Kind.Arrays, DeterministicCbor.MaxDepth), "probe");
        Assert.Throws<TrustFormatException>(() => DeterministicCbor.Validate(Nested(Kind.Tags, DeterministicCbor.MaxDepth + 1), "probe"));
        Assert.Throws<TrustFormatException>(() => DeterministicCbor.Validate(Nested(Kind.Maps, DeterministicCbor.MaxDepth + 1), "probe"));
    }

    [Fact]
    public void Validate_still_walks_wide_items_and_their_ends()
    {
        // [ {1: [2, 3]}, h'', tag(1) 5, [] ] then a trailing byte.
        byte[] item = [0x84, 0xA1, 0x01, 0x82, 0x02, 0x03, 0x40, 0xC1, 0x05, 0x80];
        DeterministicCbor.Validate(item, "probe");
        var trailing = Assert.Throws<TrustFormatException>(() => DeterministicCbor.Validate(item.Append((byte)0x00).ToArray(), "probe"));
        Assert.Equal(item.Length, trailing.Offset);
        Assert.Throws<TrustFormatException>(() => DeterministicCbor.Validate(item.AsMemory(0, item.Length - 1), "probe"));
    }

    [Fact]
    public void System_Formats_Cbor_SkipValue_does_not_recurse_on_100k_nesting()
    {
        // Finding: CborReader keeps its nesting on the heap. It skips 100k tags iteratively and refuses
        // arrays and maps past depth 64 with CborContentException; only our own walker recursed.
        var tags = new CborReader(Nested(Kind.Tags, Deep), CborConformanceMode.Lax);
        tags.SkipValue();
        Assert.Equal(0, tags.BytesRemaining);
        Assert.Throws<CborContentException>(() => new CborReader(Nested(Kind.Arrays, Deep), CborConformanceMode.Lax).SkipValue());
        Assert.Throws<CborContentException>(() => new CborReader(Nested(Kind.Maps, Deep), CborConformanceMode.Canonical).ReadEncodedValue());
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public void Licence_nested_at_the_top_level_is_malformed(Kind kind)
    {
        AssertMalformed(Verify(NestedWithin(kind, SignedLicence.MaxBytes)), "input.malformed:cose");
        AssertMalformed(Verify(NestedWithin(kind, SignedLicence.MaxBytes - 1).Prepend((byte)0xD2).ToArray()), "input.malformed:cose");
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public void Licence_nested_inside_the_protected_header_is_malformed(Kind kind)
    {
        var message = SignRaw(NestedWithin(kind, CoseLimits.MaxProtectedHeaderBytes), Good.Value.Message.Payload, F.Value.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3);
        AssertMalformed(Verify(message), "input.malformed:cose.protected");

        // As the value of a header parameter (kid).
        var writer = new CborWriter(CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
        writer.WriteInt32(1);
        writer.WriteInt64(CoseAlgorithms.Sm2Sm3);
        writer.WriteInt32(4);
        byte[] header = [0xA2, .. writer.Encode(), .. Nested(kind, 20_000)];
        AssertMalformed(Verify(SignRaw(header, Good.Value.Message.Payload, F.Value.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3)), "input.malformed:cose.protected");
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public void Licence_nested_inside_the_payload_is_malformed(Kind kind)
    {
        var message = SignRaw(LicenceHeader, NestedWithin(kind, SignedLicence.MaxBytes - 8 * 1024), F.Value.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3);
        Assert.True(message.Length <= SignedLicence.MaxBytes);
        AssertMalformed(Verify(message), "input.malformed:payload");
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public void Licence_QR_text_carrying_nesting_is_malformed(Kind kind)
    {
        // The bare nesting as the QR content, and a signed message with a nested payload.
        var bare = QrText.Encode(SignedLicence.QrPrefix, NestedWithin(kind, SignedLicence.MaxBytes));
        AssertMalformed(Verify(SignedLicence.BytesFromQrText(bare)), "input.malformed:cose");
        var inPayload = SignRaw(LicenceHeader, NestedWithin(kind, SignedLicence.MaxBytes - 8 * 1024), F.Value.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3);
        AssertMalformed(Verify(SignedLicence.BytesFromQrText(QrText.Encode(SignedLicence.QrPrefix, inPayload))), "input.malformed:payload");
        var ex = Assert.Throws<TrustFormatException>(() => SignedLicence.FromQrText(QrText.Encode(SignedLicence.QrPrefix, inPayload)));
        Assert.Contains("too deep", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public async Task Grant_nested_anywhere_is_denied_as_malformed(Kind kind)
    {
        var f = new GrantFixture();
        var item = ServiceCatalog.Default.Items.First();
        var header = Header(CoseAlgorithms.Es256, SignedGrant.ContentType, f.GrantPki.Chain);
        var inPayload = SignRaw(header, NestedWithin(kind, SignedGrant.MaxBytes - 2048), f.GrantPki.LeafKey, SignatureAlgorithm.EcdsaP256Sha256);
        Assert.Contains("too deep", Assert.Throws<TrustFormatException>(() => SignedGrant.Decode(inPayload)).Message, StringComparison.Ordinal);
        var inHeader = SignRaw(NestedWithin(kind, SignedGrant.MaxBytes - 2048), [0xA0], f.GrantPki.LeafKey, SignatureAlgorithm.EcdsaP256Sha256);
        foreach (var bytes in new[] { NestedWithin(kind, SignedGrant.MaxBytes), inPayload, inHeader })
        {
            var result = await f.Checker.CheckAsync(new GrantCheckRequest(bytes, item.Code, GrantFixture.Clerk));
            Assert.Equal([GrantReasons.Malformed], result.Reasons);
            var viaQr = await f.Checker.CheckAsync(GrantCheckRequest.FromQrText(QrText.Encode(SignedGrant.QrPrefix, bytes), item.Code, GrantFixture.Clerk));
            Assert.Equal([GrantReasons.Malformed], viaQr.Reasons);
        }
    }

    [Theory]
    [InlineData(Kind.Tags)]
    [InlineData(Kind.Arrays)]
    [InlineData(Kind.Maps)]
    public void Status_list_nested_anywhere_is_malformed(Kind kind)
    {
        var pki = TestIssuerPki.For(KeyAlgorithm.Sm2);
        var validator = new Trust.Core.Tests.Licences.TestCertificateValidator(pki.Root);
        var header = Header(CoseAlgorithms.Sm2Sm3, StatusListPayload.ContentType, pki.Chain);
        var inPayload = SignRaw(header, Nested(kind, Deep), pki.LeafKey, SignatureAlgorithm.Sm2Sm3);
        Assert.False(StatusList.TryVerify(inPayload, validator, out _, out var reason));
        Assert.Equal("statuslist.malformed:statuslist", reason);
        Assert.False(StatusList.TryVerify(Nested(kind, Deep), validator, out _, out reason));
        Assert.Equal("statuslist.malformed:cose", reason);
        var inHeader = SignRaw(NestedWithin(kind, CoseLimits.MaxProtectedHeaderBytes), [0xA0], pki.LeafKey, SignatureAlgorithm.Sm2Sm3);
        Assert.False(StatusList.TryVerify(inHeader, validator, out _, out reason));
        Assert.Equal("statuslist.malformed:cose.protected", reason);
    }

    /// <summary>DER SEQUENCEs (or another constructed tag) nested <paramref name="depth"/> deep, definite or indefinite lengths.</summary>
    internal static byte[] NestedDer(int depth, bool indefinite, byte tag = 0x30)
    {
        if (indefinite)
        {
            var bytes = new byte[depth * 4];
            for (var i = 0; i < depth; i++)
            {
                bytes[2 * i] = tag;
                bytes[(2 * i) + 1] = 0x80;
            }

            return bytes; // followed by depth end-of-contents pairs (zeros)
        }

        // Build inside out: each level is tag, length (short or long form), content.
        var buffer = new byte[(depth * 6) + 8];
        var end = buffer.Length;
        var start = end;
        for (var i = 0; i < depth; i++)
        {
            var length = end - start;
            var header = length < 0x80 ? new[] { tag, (byte)length }
                : length < 0x100 ? new[] { tag, (byte)0x81, (byte)length }
                : length < 0x10000 ? new[] { tag, (byte)0x82, (byte)(length >> 8), (byte)length }
                : new[] { tag, (byte)0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length };
            start -= header.Length;
            header.CopyTo(buffer, start);
        }

        return buffer[start..end];
    }

    [Theory]
    [InlineData(false, (byte)0x30)]
    [InlineData(true, (byte)0x30)]
    [InlineData(true, (byte)0x24)] // constructed OCTET STRING (BER)
    [InlineData(false, (byte)0xA0)] // [0] constructed
    public void Ses_structures_nested_100k_deep_are_refused_without_recursing(bool indefinite, byte tag)
    {
        var der = NestedDer(Deep, indefinite, tag);
        foreach (var decode in new Action[] { () => SesSignature.Decode(der), () => SesSeal.Decode(der) })
        {
            var ex = Assert.Throws<TrustFormatException>(decode);
            Assert.Contains("too deep", ex.Message, StringComparison.Ordinal);
            Assert.Equal((long)DerNesting.MaxDepth * (indefinite ? 2 : 0), indefinite ? ex.Offset : 0);
        }

        Assert.False(SesSignature.TryDecode(der, out _));
        var verifier = new SealSignatureVerifier(SealFixture.Shared.NewValidator());
        var result = verifier.Verify(der, new MemoryStream([1, 2, 3]));
        Assert.Equal(SealVerdict.Invalid, result.Verdict);
        Assert.Equal([SealReasons.Malformed], result.Reasons);
    }

    [Fact]
    public void Ses_signature_nested_just_within_the_limit_reaches_the_structure_checks()
    {
        var ex = Assert.Throws<TrustFormatException>(() => SesSignature.Decode(NestedDer(DerNesting.MaxDepth, indefinite: false)));
        Assert.DoesNotContain("too deep", ex.Message, StringComparison.Ordinal);
        Assert.Contains("too deep", Assert.Throws<TrustFormatException>(() => SesSignature.Decode(NestedDer(DerNesting.MaxDepth + 1, indefinite: false))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Certificates_and_CRLs_nested_deep_are_refused_without_recursing(bool indefinite)
    {
        // Certificates are at most 64 KiB, CRLs 16 MiB.
        Assert.Contains("too deep", Assert.Throws<TrustFormatException>(() => ParsedCertificate.Parse(NestedDer(12_000, indefinite))).Message, StringComparison.Ordinal);
        Assert.Contains("too deep", Assert.Throws<TrustFormatException>(() => ParsedCrl.Parse(NestedDer(Deep, indefinite))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Licence_whose_x5chain_certificate_is_nested_deep_gets_a_verdict()
    {
        // 8 KiB of nested SEQUENCEs (the x5chain certificate limit) as the leaf certificate.
        var cert = NestedDer(2_040, indefinite: false);
        Assert.True(cert.Length <= CoseLimits.MaxCertificateBytes, $"{cert.Length}");
        var header = Header(CoseAlgorithms.Sm2Sm3, SignedLicence.ContentType, [cert, F.Value.Pki.Chain[1]]);
        var result = Verify(SignRaw(header, Good.Value.Message.Payload, F.Value.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3));
        Assert.NotEqual(LicenceVerdict.Valid, result.Verdict);
        Assert.NotEmpty(result.Reasons);
    }

    [Theory]
    [InlineData(new byte[] { 0x30 }, "length missing")]
    [InlineData(new byte[] { 0x30, 0x85, 1, 2, 3, 4, 5 }, "malformed ASN.1 length")]
    [InlineData(new byte[] { 0x30, 0x05, 0x02, 0x01 }, "past the end")]
    [InlineData(new byte[] { 0x30, 0x80, 0x02, 0x01, 0x00 }, "truncated")]
    [InlineData(new byte[] { 0x04, 0x80, 0x00, 0x00 }, "indefinite length on a primitive")]
    [InlineData(new byte[] { 0x1F, 0x81, 0x82, 0x83, 0x84, 0x05, 0x00 }, "malformed ASN.1 tag")]
    public void Der_pre_scan_reports_malformed_headers_with_the_field(byte[] der, string message)
    {
        var ex = Assert.Throws<TrustFormatException>(() => DerNesting.Check(der, "probe"));
        Assert.Equal("probe", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Der_pre_scan_never_throws_anything_but_a_format_error(byte[] bytes)
    {
        try
        {
            DerNesting.Check(bytes, "probe");
        }
        catch (TrustFormatException)
        {
        }

        return true;
    }
}
