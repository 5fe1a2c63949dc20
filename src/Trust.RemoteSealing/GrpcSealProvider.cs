using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;

namespace Trust.RemoteSealing;

/// <summary>
/// An <see cref="ISealProvider"/> whose seal keys live in a remote seal platform, for one document: <see cref="Sign"/>
/// authorises exactly the digest of the to-be-signed structure and then has it signed (two calls), recording the
/// document description in the platform's audit. The sealers check the returned signature with the seal certificate
/// before they use it. Made by <see cref="SealPlatformClient.ForDocument"/>; shares its connection and seal cache.
/// </summary>
public sealed class GrpcSealProvider : ISealProvider
{
    private readonly SealPlatformClient _client;
    private readonly string _description;

    internal GrpcSealProvider(SealPlatformClient client, string documentDescription)
    {
        ArgumentNullException.ThrowIfNull(documentDescription);
        _client = client;
        _description = documentDescription.Length > 200 ? documentDescription[..200] : documentDescription;
    }

    /// <inheritdoc />
    /// <exception cref="SealPlatformException">The platform refused or did not answer.</exception>
    public IReadOnlyList<SealRecord> ListSeals() => [.. _client.ListSealIds().Select(_client.GetSeal)];

    /// <inheritdoc />
    /// <exception cref="SealPlatformException">The platform refused or did not answer.</exception>
    public SealRecord GetSeal(string sealId) => _client.GetSeal(sealId);

    /// <inheritdoc />
    /// <exception cref="SealPlatformException">The platform refused or did not answer.</exception>
    public IReadOnlyList<byte[]> GetCertificateChain(string sealId) => _client.GetCertificateChain(sealId);

    /// <inheritdoc />
    /// <exception cref="SealPlatformException">The platform refused or did not answer.</exception>
    public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned) =>
        _client.SignBatch(sealId, algorithm, [new SealSigningItem(toBeSigned.ToArray(), _description)])[0];
}
