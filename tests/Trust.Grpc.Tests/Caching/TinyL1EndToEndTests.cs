using Google.Protobuf;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Caching;

/// <summary>A server whose L1 holds at most 3 entries (<c>Trust:Cache:L1MaxEntries=3</c>).</summary>
public sealed class TinyL1Server() : ServerProcess(["--Trust:Cache:L1MaxEntries=3"], new Dictionary<string, string>());

/// <summary>
/// With far more distinct licences than L1 entries, every verdict stays right: evicted checks are made again,
/// never mixed up, and a revocation is seen at once. (That the L1 never exceeds its limit: <see cref="BoundedL1CacheTests"/>.)
/// </summary>
public sealed class TinyL1EndToEndTests(TinyL1Server server) : IClassFixture<TinyL1Server>
{
    [Fact]
    public async Task Many_more_licences_than_L1_entries_all_get_the_right_verdict()
    {
        var department = server.Departments[0];
        var licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, department));
        var issued = new List<IssueLicenceResponse>();
        for (var i = 0; i < 20; i++)
        {
            issued.Add(await licences.IssueAsync(TestLicences.Example(department)));
        }

        var tampered = issued[0].Licence.ToByteArray();
        tampered[^5] ^= 0x01;
        var batch = new VerifyBatchRequest();
        batch.Licences.AddRange(issued.Select(l => l.Licence));
        batch.Licences.Add(ByteString.CopyFrom(tampered));

        for (var pass = 0; pass < 3; pass++)
        {
            var results = (await licences.VerifyBatchAsync(batch)).Items;
            Assert.Equal(issued.Count + 1, results.Count);
            for (var i = 0; i < issued.Count; i++)
            {
                Assert.Equal(Verdict.Valid, results[i].Result.Verdict);
                Assert.Equal(issued[i].LicenceId, results[i].Result.LicenceId);
            }

            Assert.NotEqual(Verdict.Valid, results[^1].Result.Verdict);
        }

        await licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued[7].LicenceId, Reason = "test" });
        var after = (await licences.VerifyBatchAsync(batch)).Items;
        Assert.Equal(Verdict.Revoked, after[7].Result.Verdict);
        Assert.All(after.Take(issued.Count).Where((_, i) => i != 7), r => Assert.Equal(Verdict.Valid, r.Result.Verdict));
        foreach (var one in issued.Take(5))
        {
            Assert.Equal(Verdict.Valid, (await licences.VerifyAsync(new VerifyLicenceRequest { Licence = one.Licence })).Result.Verdict);
        }
    }
}
