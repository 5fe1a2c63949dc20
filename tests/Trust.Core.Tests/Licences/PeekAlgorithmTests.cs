using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Licences;

namespace Trust.Core.Tests.Licences;

/// <summary><see cref="SignedLicence.TryPeekAlgorithm"/>: the algorithm of a real licence, and never an exception for hostile bytes.</summary>
public sealed class PeekAlgorithmTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Sm2, SignatureAlgorithm.Sm2Sm3)]
    [InlineData(KeyAlgorithm.EcP256, SignatureAlgorithm.EcdsaP256Sha256)]
    [InlineData(KeyAlgorithm.Rsa, SignatureAlgorithm.RsaPkcs1Sha256)]
    [InlineData(KeyAlgorithm.Rsa, SignatureAlgorithm.RsaPssSha256)]
    public async Task The_peeked_algorithm_is_the_one_the_licence_is_signed_with(KeyAlgorithm key, SignatureAlgorithm algorithm)
    {
        var licence = await new LicenceFixture(key, algorithm).IssueAsync();
        Assert.True(SignedLicence.TryPeekAlgorithm(licence.Encoded, out var peeked));
        Assert.Equal(algorithm, peeked);
        Assert.Equal(licence.Algorithm, peeked);
        Assert.False(SignedLicence.TryPeekAlgorithm(licence.Encoded[..10], out _));
    }

    [Property(MaxTest = 500)]
    public Property Random_bytes_never_throw_and_a_peek_names_a_known_algorithm(byte[] bytes) =>
        (!SignedLicence.TryPeekAlgorithm(bytes ?? [], out var algorithm) || SignatureAlgorithms.All.Contains(algorithm)).ToProperty();
}
