using System.Security.Cryptography;
using Google.Protobuf;
using StackExchange.Redis;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Grpc.Caching;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// Skip caching what is cheaper to recompute (<c>Trust:Cache:L2Algorithms</c>): with the default policy an RS256 licence
/// (the development PKI's second department) is never looked up in or written to Redis, an SM2 licence is, and both
/// verdicts are the same as without a cache, on the first (miss) and the repeated (hit) verification, single and batch.
/// The node runs with <c>Trust:Cache:L1=false</c>, so a repeated RS256 verification is a full check again.
/// </summary>
public sealed class L2AlgorithmPolicyTests : IAsyncLifetime
{
    private const string KeyPrefix = "trust:v1:sig:";

    private readonly NodeWithPrivateRedis _setup = new("--Trust:Cache:L1=false", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");

    public Task InitializeAsync() => _setup.InitializeAsync();

    public Task DisposeAsync() => _setup.DisposeAsync();

    [Fact]
    public async Task Rsa_licences_skip_redis_sm2_licences_use_it_and_verdicts_do_not_change()
    {
        var node = _setup.Node;
        var verifier = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Verifier));
        var sm2 = await IssueAsync(node, node.Departments[0]);
        var rsa = await IssueAsync(node, node.Departments[1]);
        Assert.True(SignedLicence.TryPeekAlgorithm(sm2, out var a) && a == SignatureAlgorithm.Sm2Sm3);
        Assert.True(SignedLicence.TryPeekAlgorithm(rsa, out var b) && b == SignatureAlgorithm.RsaPkcs1Sha256);

        for (var round = 0; round < 2; round++)
        {
            foreach (var licence in new[] { sm2, rsa })
            {
                var single = await verifier.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(licence) }, deadline: DateTime.UtcNow.AddSeconds(30));
                Assert.Equal(Verdict.Valid, single.Result.Verdict);
            }

            var batch = await verifier.VerifyBatchAsync(new VerifyBatchRequest { Licences = { ByteString.CopyFrom(sm2), ByteString.CopyFrom(rsa) } }, deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.All(batch.Items, item => Assert.Equal(Verdict.Valid, item.Result.Verdict));
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(_setup.Redis.Configuration + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        bool Stored(byte[] licence) => server.Keys(pattern: KeyPrefix + "*").Any(k => k.ToString().EndsWith(":" + Convert.ToHexStringLower(SHA256.HashData(licence)), StringComparison.Ordinal));
        for (var attempt = 0; attempt < 100 && !Stored(sm2); attempt++)
        {
            await Task.Delay(50); // the L2 write is behind the response
        }

        Assert.True(Stored(sm2), "the SM2 check was not written to Redis");
        Assert.False(Stored(rsa), "the RS256 check was written to Redis");

        // The verdicts of tampered bytes do not change either (nothing invalid is ever remembered).
        var tampered = (byte[])rsa.Clone();
        tampered[^3] ^= 0x40;
        Assert.Equal(Verdict.Invalid, (await verifier.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(tampered) })).Result.Verdict);
    }

    [Theory]
    [InlineData("", "SM2-SM3,ECDSA-P256-SHA256")]
    [InlineData("none", "")]
    [InlineData(" rsa-sha256 , RSA-PSS-SHA256", "RSA-SHA256,RSA-PSS-SHA256")]
    public void The_policy_names_algorithms_all_or_none(string setting, string expected)
    {
        var set = SignatureCache.ParseL2Algorithms(setting)!;
        Assert.Equal(expected, string.Join(",", set.Select(SignatureAlgorithms.DisplayName)));
        Assert.Null(SignatureCache.ParseL2Algorithms("ALL"));
        Assert.Contains("'RS256' is not a signature algorithm", Assert.Throws<FormatException>(() => SignatureCache.ParseL2Algorithms("SM2-SM3,RS256")).Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> IssueAsync(ServerProcess node, string department)
    {
        var issuer = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Issuer, department));
        return (await issuer.IssueAsync(TestLicences.Example(department))).Licence.ToByteArray();
    }
}
