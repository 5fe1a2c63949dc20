using System.Security.Cryptography;
using Grpc.Core;
using StackExchange.Redis;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// Whoever can write to Redis cannot make a node accept a licence: L2 entries are bound to the
/// licence bytes (hash inside the authenticated entry) and carry an HMAC tag Redis never sees the
/// key of. The node runs with <c>Trust:Cache:L1=false</c>, so every lookup really reads Redis.
/// </summary>
public sealed class ForgedCacheEntryTests : IAsyncLifetime
{
    private const string KeyPrefix = "trust:v1:sig:";

    private readonly NodeWithPrivateRedis _setup = new("--Trust:Cache:L1=false", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");

    public Task InitializeAsync() => _setup.InitializeAsync();

    public Task DisposeAsync() => _setup.DisposeAsync();

    [Fact]
    public async Task A_valid_entry_copied_or_altered_in_Redis_never_makes_a_node_accept_other_bytes()
    {
        var node = _setup.Node;
        var department = node.Departments[0];
        var issuer = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Issuer, department));
        var verifier = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Verifier));
        var licence = (await issuer.IssueAsync(TestLicences.Example(department))).Licence.ToByteArray();
        var tampered = (byte[])licence.Clone();
        tampered[^3] ^= 0x40;

        Assert.Equal(Verdict.Valid, (await Verify(verifier, licence)).Result.Verdict);
        using var redis = await ConnectionMultiplexer.ConnectAsync(_setup.Redis.Configuration + ",allowAdmin=true");
        var database = redis.GetDatabase();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var suffix = ":" + Convert.ToHexStringLower(SHA256.HashData(licence));
        string? validName = null;
        for (var attempt = 0; attempt < 100 && validName is null; attempt++)
        {
            // The L2 write is not awaited by the request: give it a moment.
            validName = server.Keys(pattern: KeyPrefix + "*").Select(k => k.ToString()).FirstOrDefault(k => k.EndsWith(suffix, StringComparison.Ordinal));
            await Task.Delay(50);
        }

        Assert.NotNull(validName); // the valid check was written to Redis
        var forgedName = validName[..^suffix.Length] + ":" + Convert.ToHexStringLower(SHA256.HashData(tampered));

        // 1. The valid entry copied under the tampered bytes' key: the hash inside does not match.
        var dump = await database.KeyDumpAsync(validName);
        Assert.NotNull(dump);
        await database.KeyRestoreAsync(forgedName, dump);
        Assert.Equal(Verdict.Invalid, (await Verify(verifier, tampered)).Result.Verdict);

        // 2. The same entry rewritten for the tampered bytes (hash inside and any copy of the key
        //    swapped, the HMAC tag kept): only the tag stands between it and a "valid" answer.
        var forged = await RewriteAsync(database, forgedName, SHA256.HashData(licence), SHA256.HashData(tampered));
        Assert.True(forged, "unexpected L2 entry layout: the licence hash was not found in it");
        Assert.Equal(Verdict.Invalid, (await Verify(verifier, tampered)).Result.Verdict);
        Assert.Equal(Verdict.Valid, (await Verify(verifier, licence)).Result.Verdict);

        // 3. Garbage under the key.
        await database.KeyDeleteAsync(forgedName);
        await database.StringSetAsync(forgedName, new byte[] { 1, 2, 3 });
        Assert.Equal(Verdict.Invalid, (await Verify(verifier, tampered)).Result.Verdict);
    }

    private static async Task<VerifyLicenceResponse> Verify(LicenceService.LicenceServiceClient client, byte[] licence) =>
        await client.VerifyAsync(new VerifyLicenceRequest { Licence = Google.Protobuf.ByteString.CopyFrom(licence) }, deadline: DateTime.UtcNow.AddSeconds(10));

    /// <summary>Replaces, in the stored payload (a hash field <c>data</c>, or a plain string), the binary and hex forms of one hash by another.</summary>
    private static async Task<bool> RewriteAsync(IDatabase database, RedisKey key, byte[] from, byte[] to)
    {
        var type = await database.KeyTypeAsync(key);
        byte[]? data = type == RedisType.Hash ? await database.HashGetAsync(key, "data") : await database.StringGetAsync(key);
        if (data is null || !Replace(data, from, to))
        {
            return false;
        }

        Replace(data, System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(from)), System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(to)));
        if (type == RedisType.Hash)
        {
            await database.HashSetAsync(key, "data", data);
        }
        else
        {
            await database.StringSetAsync(key, data, keepTtl: true);
        }

        return true;
    }

    private static bool Replace(byte[] data, byte[] from, byte[] to)
    {
        var found = false;
        for (var at = data.AsSpan().IndexOf(from); at >= 0;)
        {
            to.CopyTo(data, at);
            found = true;
            var next = data.AsSpan(at + from.Length).IndexOf(from);
            at = next < 0 ? -1 : at + from.Length + next;
        }

        return found;
    }
}
