using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Status;

public sealed class StatusListTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(InMemoryLicenceStore Store, TestIssuerPki Pki)> StoreWithStatuses(params (long Index, LicenceStatus Status)[] statuses)
    {
        var store = new InMemoryLicenceStore();
        var max = statuses.Length == 0 ? 0 : statuses.Max(s => s.Index);
        for (long i = 0; i <= max; i++)
        {
            var index = await store.AllocateStatusIndexAsync("L1");
            await store.AddAsync(new LicenceRecord($"id{index}", "BL", 1, "h", "n", "SAMR3301", "L1", index, Now, Now, null, []));
        }

        foreach (var (index, status) in statuses)
        {
            await store.SetStatusAsync(new StatusChange($"id{index}", status, "test", Now));
        }

        return (store, TestIssuerPki.For(KeyAlgorithm.Sm2));
    }

    private static async Task<byte[]> Build(InMemoryLicenceStore store, TestIssuerPki pki, TimeSpan ttl, DateTimeOffset? at = null) =>
        await new StatusListBuilder("SAMR3301", pki.LeafKey, pki.Chain, store, new ManualTimeProvider(at ?? Now)).BuildAsync("L1", ttl);

    [Fact]
    public async Task Signed_list_verifies_and_reports_each_status()
    {
        var (store, pki) = await StoreWithStatuses((3, LicenceStatus.Revoked), (5, LicenceStatus.Suspended), (20_000, LicenceStatus.Revoked));
        var signed = await Build(store, pki, TimeSpan.FromHours(1));
        Assert.True(StatusList.TryVerify(signed, new TestCertificateValidator(pki.Root), out var list, out var reason), reason);
        Assert.Equal("L1", list!.ListId);
        Assert.Equal("SAMR3301", list.Issuer);
        Assert.Equal(Now, list.IssuedAt);
        Assert.Equal(Now.AddHours(1), list.ExpiresAt);
        Assert.Equal(LicenceStatus.Valid, list.GetStatus(0));
        Assert.Equal(LicenceStatus.Revoked, list.GetStatus(3));
        Assert.Equal(LicenceStatus.Valid, list.GetStatus(4));
        Assert.Equal(LicenceStatus.Suspended, list.GetStatus(5));
        Assert.Equal(LicenceStatus.Revoked, list.GetStatus(20_000));
        Assert.True(list.Size >= StatusListBuilder.MinimumSize);
        Assert.True(signed.Length < 4000, $"compressed list is {signed.Length} bytes");
    }

    [Property(MaxTest = 20)]
    public bool Bit_packing_round_trips(byte[] statusSeeds)
    {
        var bits = new byte[StatusBits.ByteLength(statusSeeds.Length)];
        for (var i = 0; i < statusSeeds.Length; i++)
        {
            StatusBits.Set(bits, i, (LicenceStatus)(statusSeeds[i] % 3));
        }

        return statusSeeds.Select((s, i) => StatusBits.Get(bits, i) == s % 3).All(x => x);
    }

    [Fact]
    public async Task Expired_list_is_indeterminate_for_offline_verifiers_never_valid()
    {
        var (store, pki) = await StoreWithStatuses((1, LicenceStatus.Revoked));
        var signed = await Build(store, pki, TimeSpan.FromMinutes(10));
        Assert.True(StatusList.TryVerify(signed, new TestCertificateValidator(pki.Root), out var list, out _));
        var clock = new ManualTimeProvider(Now.AddMinutes(5));
        var source = new StatusListStatusSource(clock);
        source.Add(list!);
        var query = new StatusQuery("id0", "SAMR3301", "L1", 0);
        Assert.Equal(LicenceStatus.Valid, (await source.GetStatusAsync(query)).Status);
        Assert.Equal(LicenceStatus.Revoked, (await source.GetStatusAsync(query with { StatusIndex = 1 })).Status);

        clock.Now = Now.AddMinutes(10);
        var expired = await source.GetStatusAsync(query);
        Assert.Null(expired.Status);
        Assert.Equal("status.list_expired", expired.IndeterminateReason);

        clock.Now = Now.AddMinutes(5);
        Assert.Equal("status.list_issuer_mismatch", (await source.GetStatusAsync(query with { IssuerDepartment = "D2" })).IndeterminateReason);
        Assert.Equal("status.list_missing", (await source.GetStatusAsync(query with { StatusListId = "L9" })).IndeterminateReason);
    }

    [Fact]
    public async Task Newer_list_replaces_older_one_and_not_the_other_way()
    {
        var (store, pki) = await StoreWithStatuses((1, LicenceStatus.Suspended));
        var validator = new TestCertificateValidator(pki.Root);
        StatusList.TryVerify(await Build(store, pki, TimeSpan.FromHours(1), Now), validator, out var older, out _);
        await store.SetStatusAsync(new StatusChange("id1", LicenceStatus.Revoked, "t", Now));
        StatusList.TryVerify(await Build(store, pki, TimeSpan.FromHours(1), Now.AddMinutes(1)), validator, out var newer, out _);
        var source = new StatusListStatusSource(new ManualTimeProvider(Now.AddMinutes(2)));
        source.Add(newer!);
        source.Add(older!);
        Assert.Equal(LicenceStatus.Revoked, (await source.GetStatusAsync(new StatusQuery("id1", "SAMR3301", "L1", 1))).Status);
    }

    [Fact]
    public async Task List_from_an_untrusted_signer_or_tampered_bytes_is_refused()
    {
        var (store, pki) = await StoreWithStatuses((1, LicenceStatus.Revoked));
        var signed = await Build(store, pki, TimeSpan.FromHours(1));
        var stranger = TestIssuerPki.CreateFresh(KeyAlgorithm.Sm2);
        Assert.False(StatusList.TryVerify(signed, new TestCertificateValidator(stranger.Root), out var list, out var reason));
        Assert.Null(list);
        Assert.Equal("statuslist.untrusted", reason);

        var tampered = (byte[])signed.Clone();
        tampered[tampered.Length - 80] ^= 0x01;
        Assert.False(StatusList.TryVerify(tampered, new TestCertificateValidator(pki.Root), out _, out reason));
        Assert.StartsWith("statuslist.", reason, StringComparison.Ordinal);

        Assert.False(StatusList.TryVerify(new byte[] { 0xA0 }, new TestCertificateValidator(pki.Root), out _, out _));
        Assert.False(StatusList.TryVerify(Array.Empty<byte>(), new TestCertificateValidator(pki.Root), out _, out _));
    }
}
