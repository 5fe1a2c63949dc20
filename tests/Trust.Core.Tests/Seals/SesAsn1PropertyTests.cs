using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Tests.Seals;

public sealed class SesAsn1PropertyTests
{
    private static readonly byte[] ValidSeal = SealFixture.Shared.Sm2Seal().Encode();
    private static readonly byte[] ValidSignature = SesAsn1Tests.Sample().Encode();

    [Property(MaxTest = 500)]
    public void Decoding_arbitrary_bytes_throws_only_format_errors(byte[] bytes)
    {
        AssertOnlyFormatErrors(() => SesSeal.Decode(bytes));
        AssertOnlyFormatErrors(() => SesSignature.Decode(bytes));
    }

    [Property(MaxTest = 300)]
    public void Decoding_mutated_valid_structures_throws_only_format_errors(PositiveInt position, byte value, bool signature)
    {
        var source = signature ? ValidSignature : ValidSeal;
        var mutated = (byte[])source.Clone();
        mutated[position.Get % mutated.Length] = value;
        AssertOnlyFormatErrors(() => signature ? SesSignature.Decode(mutated).Encode() : SesSeal.Decode(mutated).Encode());
    }

    [Property(MaxTest = 200)]
    public void Decoding_truncated_or_extended_structures_throws_only_format_errors(PositiveInt cut, byte[] tail, bool signature)
    {
        var source = signature ? ValidSignature : ValidSeal;
        var bytes = source.AsSpan(0, cut.Get % source.Length).ToArray().Concat(tail).ToArray();
        AssertOnlyFormatErrors(() => signature ? SesSignature.Decode(bytes) : (object)SesSeal.Decode(bytes));
    }

    [Property(MaxTest = 100)]
    public void Mutations_that_decode_re_encode_to_the_same_bytes(PositiveInt position, byte value)
    {
        var mutated = (byte[])ValidSignature.Clone();
        mutated[position.Get % mutated.Length] = value;
        if (SesSignature.TryDecode(mutated, out var decoded))
        {
            Assert.Equal(mutated, decoded.Encode());
        }
    }

    [Property(MaxTest = 100)]
    public void Encode_of_decode_is_the_identity_for_valid_der(NonNull<string> vendor, NonNull<string> name, byte[] picture, PositiveInt type, bool digests, byte[] hash, NonNull<string> property, bool withExtensions)
    {
        var ascii = new string([.. vendor.Get.Where(c => c < 0x7F)]);
        var info = new SesSealInfo(
            new SesHeader(ascii),
            "ID-" + ascii.Length,
            new SesPropertyInfo(
                type.Get,
                new string([.. name.Get.Where(c => !char.IsSurrogate(c))]),
                digests ? SesCertListType.CertificateDigests : SesCertListType.Certificates,
                digests ? [] : [new byte[] { 1, 2, 3 }],
                digests ? [new SesCertDigest("SM3", new byte[32])] : [],
                DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch.AddYears(60)),
            new SesPictureInfo("PNG", picture.Length == 0 ? new byte[] { 0 } : picture, 40, 30),
            withExtensions ? [new SesExtension("1.2.156.1", type.Get % 2 == 0, picture)] : null);
        var seal = new SesSeal(info, new byte[] { 0x30 }, "1.2.156.10197.1.501", new byte[] { 5 });
        var tbs = new TbsSign(seal, DateTimeOffset.UnixEpoch.AddSeconds(type.Get), hash.Length == 0 ? new byte[] { 0 } : hash.Take(64).ToArray(), new string([.. property.Get.Where(c => c < 0x80).Take(100)]));
        var signature = new SesSignature(tbs, new byte[] { 0x30 }, "1.2.840.113549.1.1.11", new byte[] { 6 }, withExtensions ? new ReadOnlyMemory<byte>([7]) : (ReadOnlyMemory<byte>?)null);

        var der = signature.Encode();
        Assert.Equal(der, SesSignature.Decode(der).Encode());
        var sealDer = seal.Encode();
        Assert.Equal(sealDer, SesSeal.Decode(sealDer).Encode());
    }

    private static void AssertOnlyFormatErrors(Func<object> decode)
    {
        try
        {
            decode();
        }
        catch (TrustFormatException)
        {
        }
    }
}
