using System.Formats.Cbor;
using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Licences;

namespace Trust.Core.Tests.Licences;

public sealed class LicenceHostileInputTests
{
    private static readonly Lazy<LicenceFixture> F = new(() => new LicenceFixture(KeyAlgorithm.Sm2));
    private static readonly Lazy<SignedLicence> Good = new(() => F.Value.IssueAsync("BL").GetAwaiter().GetResult());

    private static LicenceVerificationResult Verify(ReadOnlyMemory<byte> bytes) => F.Value.Verifier.VerifyAsync(bytes).GetAwaiter().GetResult();

    private static void AssertInvalid(ReadOnlyMemory<byte> bytes, string? reason = null, LicenceVerdict verdict = LicenceVerdict.Invalid)
    {
        var result = Verify(bytes);
        Assert.Equal(verdict, result.Verdict);
        Assert.NotEmpty(result.Reasons);
        if (reason is not null)
        {
            Assert.Contains(reason, result.Reasons);
        }
    }

    /// <summary>A correctly signed COSE_Sign1 around arbitrary protected header and payload bytes.</summary>
    private static byte[] SignRaw(byte[] protectedHeader, byte[] payload, SigningKey? key = null, SignatureAlgorithm alg = SignatureAlgorithm.Sm2Sm3)
    {
        key ??= F.Value.Pki.LeafKey;
        var signature = key.Sign(alg, CoseSign1.SigStructure(protectedHeader, payload));
        if (CoseAlgorithms.IsRawEc(alg))
        {
            signature = EcSignatureEncoding.DerToRaw(signature)!;
        }

        var writer = new CborWriter(CborConformanceMode.Lax);
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

    private static byte[] Header(long alg, IReadOnlyList<byte[]> chain, Action<CborWriter>? extra = null, int extraEntries = 0)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(3 + extraEntries);
        writer.WriteInt32(1);
        writer.WriteInt64(alg);
        writer.WriteInt32(3);
        writer.WriteTextString(SignedLicence.ContentType);
        extra?.Invoke(writer);
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

    private static byte[] GoodHeader => Header(CoseAlgorithms.Sm2Sm3, F.Value.Pki.Chain);

    [Fact]
    public void Correctly_built_raw_message_is_valid_so_the_crafted_cases_below_test_one_thing_each() =>
        Assert.True(Verify(SignRaw(GoodHeader, Good.Value.Message.Payload)).IsValid);

    [Fact]
    public void Empty_input_is_invalid() => AssertInvalid(ReadOnlyMemory<byte>.Empty, "input.empty");

    [Property(MaxTest = 300)]
    public bool Random_bytes_are_never_valid_and_never_throw(byte[] bytes)
    {
        var result = Verify(bytes);
        return !result.IsValid && result.Reasons.Count > 0;
    }

    [Property(MaxTest = 100)]
    public bool Random_bytes_behind_a_cose_tag_are_never_valid(byte[] bytes)
    {
        var result = Verify(new byte[] { 0xD2, 0x84 }.Concat(bytes).ToArray());
        return !result.IsValid;
    }

    [Fact]
    public async Task Every_truncation_of_a_licence_is_invalid()
    {
        var bytes = Good.Value.Encoded;
        var results = await F.Value.Verifier.VerifyManyAsync(Enumerable.Range(0, bytes.Length).Select(n => bytes[..n]).ToList());
        Assert.All(results, r => Assert.Equal(LicenceVerdict.Invalid, r.Verdict));
    }

    [Fact]
    public void Signed_payload_with_duplicate_map_keys_is_invalid()
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(2);
        writer.WriteInt32(1);
        writer.WriteTextString("a");
        writer.WriteInt32(1);
        writer.WriteTextString("b");
        writer.WriteEndMap();
        AssertInvalid(SignRaw(GoodHeader, writer.Encode()), "input.malformed:payload");
    }

    [Fact]
    public void Duplicate_labels_in_the_protected_header_are_invalid()
    {
        var header = Header(CoseAlgorithms.Sm2Sm3, F.Value.Pki.Chain, w => { w.WriteInt32(1); w.WriteInt64(CoseAlgorithms.Es256); }, 1);
        AssertInvalid(SignRaw(header, Good.Value.Message.Payload), "input.malformed:cose.protected");
    }

    [Fact]
    public void Indefinite_length_items_are_invalid()
    {
        var payload = Good.Value.Message.Payload;
        var indefinite = new byte[payload.Length + 1];
        indefinite[0] = 0xBF; // map of indefinite length, same entries, then break
        payload.AsSpan(1).CopyTo(indefinite.AsSpan(1));
        indefinite[^1] = 0xFF;
        AssertInvalid(SignRaw(GoodHeader, indefinite), "input.malformed:payload");

        var outer = Good.Value.Encoded.ToArray();
        Assert.Equal(0x84, outer[1]);
        outer[1] = 0x9F;
        AssertInvalid(outer.Concat(new byte[] { 0xFF }).ToArray());
    }

    [Fact]
    public void Deep_nesting_is_invalid_without_stack_overflow()
    {
        var deep = Enumerable.Repeat((byte)0x81, 50_000).Append((byte)0x00).ToArray();
        AssertInvalid(SignRaw(GoodHeader, deep), "input.malformed:payload");
        AssertInvalid(new byte[] { 0xD2 }.Concat(deep).ToArray());
    }

    [Fact]
    public void A_100_mb_input_is_rejected_by_the_size_check()
    {
        var huge = new byte[100 * 1024 * 1024];
        Good.Value.Encoded.Span.CopyTo(huge);
        AssertInvalid(huge, "input.too_large");
        Assert.Throws<TrustFormatException>(() => SignedLicence.Decode(huge));
    }

    [Fact]
    public void Wrong_algorithm_label_is_invalid()
    {
        AssertInvalid(SignRaw(Header(-8, F.Value.Pki.Chain), Good.Value.Message.Payload), "cose.unsupported_alg");
        AssertInvalid(SignRaw(Header(-65541, F.Value.Pki.Chain), Good.Value.Message.Payload), "cose.unsupported_alg");
        // A registered label that does not fit the SM2 key in the chain.
        AssertInvalid(SignRaw(Header(CoseAlgorithms.Es256, F.Value.Pki.Chain), Good.Value.Message.Payload, EcdsaTestKey, SignatureAlgorithm.EcdsaP256Sha256), "signature.invalid");
    }

    private static readonly SigningKey EcdsaTestKey = Core.Crypto.Ecdsa.EcdsaSigningKey.Generate();

    [Fact]
    public void A_certificate_chain_that_loops_is_untrusted_and_does_not_hang()
    {
        var a = TestIssuerPki.NewKey(KeyAlgorithm.Sm2);
        var b = TestIssuerPki.NewKey(KeyAlgorithm.Sm2);
        var leafKey = TestIssuerPki.NewKey(KeyAlgorithm.Sm2);
        var caA = TestPki.Issue("Loop A", a, "Loop B", b, isCa: true);
        var caB = TestPki.Issue("Loop B", b, "Loop A", a, isCa: true);
        var leaf = TestPki.Issue("Loop leaf", leafKey, "Loop A", a, isCa: false, profile: TestProfile.LicenceIssuer());
        var header = Header(CoseAlgorithms.Sm2Sm3, [leaf, caA, caB, caA, caB]);
        AssertInvalid(SignRaw(header, Good.Value.Message.Payload, leafKey), "chain.untrusted", LicenceVerdict.Untrusted);
    }

    [Fact]
    public void Garbage_certificates_and_too_long_chains_are_invalid()
    {
        AssertInvalid(SignRaw(Header(CoseAlgorithms.Sm2Sm3, [[0x30, 0x03, 0x02, 0x01, 0x01], [0x30, 0x00]]), Good.Value.Message.Payload), "chain.bad_leaf");
        var six = Enumerable.Repeat(F.Value.Pki.Leaf, 6).ToList();
        AssertInvalid(SignRaw(Header(CoseAlgorithms.Sm2Sm3, six), Good.Value.Message.Payload), "input.malformed:cose.x5chain");
    }

    [Fact]
    public async Task A_status_list_or_a_foreign_cose_message_is_not_a_licence()
    {
        var list = await new Core.Status.StatusListBuilder("SAMR3301", F.Value.Pki.LeafKey, F.Value.Pki.Chain, F.Value.Store, F.Value.Clock)
            .BuildAsync("SAMR3301-L1", TimeSpan.FromHours(1));
        AssertInvalid(list, "cose.wrong_content_type");
        var small = CoseSign1.Sign(F.Value.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3, Good.Value.Message.Payload, "application/trust-statuslist+cbor", default, F.Value.Pki.Chain);
        AssertInvalid(small, "cose.wrong_content_type");
    }

    [Fact]
    public void Licence_from_a_cose_library_without_our_profile_is_invalid_not_a_crash()
    {
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var foreign = System.Security.Cryptography.Cose.CoseSign1Message.SignEmbedded(Good.Value.Message.Payload,
            new System.Security.Cryptography.Cose.CoseSigner(ec, System.Security.Cryptography.HashAlgorithmName.SHA256));
        AssertInvalid(foreign, "cose.wrong_content_type");
    }

    [Fact]
    public void Qr_text_hostile_forms_give_format_errors()
    {
        Assert.Throws<TrustFormatException>(() => SignedLicence.FromQrText(""));
        Assert.Throws<TrustFormatException>(() => SignedLicence.FromQrText("TL1:%%%"));
        Assert.Throws<TrustFormatException>(() => SignedLicence.FromQrText("HC1:" + Good.Value.ToQrText()[4..]));
        var bomb = Core.Encoding.QrText.Encode(SignedLicence.QrPrefix, new byte[1_000_000]);
        Assert.Equal("qr.zlib.too_large", Assert.Throws<TrustFormatException>(() => SignedLicence.FromQrText(bomb)).Field);
    }
}
