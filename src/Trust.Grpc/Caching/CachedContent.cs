using System.Buffers;
using System.ComponentModel;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Hybrid;
using Trust.Core.Licences;

namespace Trust.Grpc.Caching;

/// <summary>
/// A remembered valid <see cref="LicenceContentCheck"/> and the SHA-256 of the licence bytes it
/// belongs to. Immutable, so the L1 hands out the same instance on every hit.
/// </summary>
[ImmutableObject(true)]
internal sealed class CachedContent
{
    public CachedContent(byte[] bytesHash, LicenceContentCheck check)
    {
        BytesHash = bytesHash;
        Check = check;
    }

    /// <summary>SHA-256 of the licence bytes.</summary>
    public byte[] BytesHash { get; }

    /// <summary>The valid content check.</summary>
    public LicenceContentCheck Check { get; }
}

/// <summary>
/// How a <see cref="CachedContent"/> travels through Redis (the value of a plain string key): HMAC-SHA256 tag (32 bytes), licence
/// bytes hash (32), then <see cref="LicenceContentCheck.ToBytes"/>. The tag is keyed with a secret
/// every node of the deployment has and Redis does not, and covers the hash, so whoever can write
/// to Redis can neither forge a "valid" entry nor move one to other licence bytes. An entry that
/// fails the check reads as <see cref="Rejected"/> and the licence is verified in full.
/// </summary>
internal sealed class CachedContentSerializer : IHybridCacheSerializer<CachedContent?>
{
    private const int TagLength = 32;
    private const int HashLength = 32;

    private readonly byte[] _macKey;

    public CachedContentSerializer(byte[] macKey) => _macKey = macKey;

    /// <summary>What an entry that fails authentication or parsing reads as (treated as a miss).</summary>
    public static CachedContent? Rejected => null;

    public CachedContent? Deserialize(ReadOnlySequence<byte> source)
    {
        if (source.Length is < TagLength + HashLength + 1 or > 8192)
        {
            return Rejected;
        }

        var buffer = source.ToArray();
        Span<byte> expected = stackalloc byte[TagLength];
        HMACSHA256.HashData(_macKey, buffer.AsSpan(TagLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, buffer.AsSpan(0, TagLength)))
        {
            return Rejected;
        }

        return LicenceContentCheck.TryRead(buffer.AsSpan(TagLength + HashLength), out var check) && check is not null
            ? new CachedContent(buffer.AsSpan(TagLength, HashLength).ToArray(), check)
            : Rejected;
    }

    public void Serialize(CachedContent? value, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = value.Check.ToBytes();
        var total = TagLength + HashLength + body.Length;
        var span = target.GetSpan(total)[..total];
        value.BytesHash.CopyTo(span[TagLength..]);
        body.CopyTo(span[(TagLength + HashLength)..]);
        HMACSHA256.HashData(_macKey, span[TagLength..], span[..TagLength]);
        target.Advance(total);
    }
}
