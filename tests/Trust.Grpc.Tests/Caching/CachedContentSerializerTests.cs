using System.Buffers;
using System.Security.Cryptography;
using Trust.Grpc.Caching;

namespace Trust.Grpc.Tests.Caching;

/// <summary>Hostile input to the L2 entry reader: whatever Redis hands back, only an authentic, well-formed entry is used.</summary>
public sealed class CachedContentSerializerTests
{
    private static readonly byte[] Key = CachingExtensions.MacKey("test passphrase");

    private static CachedContent? Read(byte[] bytes, byte[]? key = null) =>
        new CachedContentSerializer(key ?? Key).Deserialize(new ReadOnlySequence<byte>(bytes));

    /// <summary>An entry with a correct tag over <paramref name="body"/> (hash + check bytes).</summary>
    private static byte[] Tagged(byte[] body, byte[]? key = null)
    {
        var entry = new byte[32 + body.Length];
        body.CopyTo(entry, 32);
        HMACSHA256.HashData(key ?? Key, body, entry.AsSpan(0, 32));
        return entry;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(8193)]
    [InlineData(100_000)]
    public void Wrong_sizes_are_rejected(int length) => Assert.Null(Read(new byte[length]));

    [Fact]
    public void Random_bytes_are_rejected()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            Assert.Null(Read(bytes));
        }
    }

    [Fact]
    public void Authentic_but_malformed_bodies_are_rejected()
    {
        // Tag right, content not a content check: truncated, random, all zeros, all ones.
        var random = new Random(11);
        for (var length = 33; length < 400; length += 7)
        {
            var body = new byte[length];
            random.NextBytes(body);
            Assert.Null(Read(Tagged(body)));
            Assert.Null(Read(Tagged(new byte[length])));
            Assert.Null(Read(Tagged(Enumerable.Repeat((byte)0xFF, length).ToArray())));
        }
    }

    [Fact]
    public void Entries_tagged_with_another_key_are_rejected()
    {
        var other = CachingExtensions.MacKey("another deployment");
        Assert.NotEqual(Key, other);
        var body = new byte[100];
        Assert.Null(Read(Tagged(body, other)));
    }

    [Fact]
    public void Trust_fingerprint_changes_with_any_trust_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "trust-fingerprint-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "ca"));
            Directory.CreateDirectory(Path.Combine(folder, "crl"));
            string[] files = [Path.Combine(folder, "ca", "trust-anchors.pem"), Path.Combine(folder, "ca", "intermediates.pem"), Path.Combine(folder, "crl", "all.pem")];
            foreach (var file in files)
            {
                File.WriteAllText(file, "x");
            }

            var seen = new HashSet<string> { CachingExtensions.TrustFingerprint(folder) };
            Assert.Equal(CachingExtensions.TrustFingerprint(folder), seen.Single());
            foreach (var file in files)
            {
                File.WriteAllText(file, "changed " + file);
                Assert.True(seen.Add(CachingExtensions.TrustFingerprint(folder)), file);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
