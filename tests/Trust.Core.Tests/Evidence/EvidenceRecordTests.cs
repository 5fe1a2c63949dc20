using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Results;
using Trust.Core.Tests.Timestamps;
using Trust.Core.Timestamps;
using static Trust.Core.Tests.Evidence.EvidenceTestSupport;

namespace Trust.Core.Tests.Evidence;

/// <summary>
/// RFC 4998 evidence records: one archive time-stamp over a hash tree protects many objects, each checkable alone;
/// time-stamp renewal (the TSA certificate expires) and hash-tree renewal (a new hash algorithm) keep the proof valid.
/// </summary>
public sealed class EvidenceRecordTests(TsaTestPki pki) : IClassFixture<TsaTestPki>
{
    private static byte[] Object(int i) => System.Text.Encoding.UTF8.GetBytes($"archived package {i}: " + new string('x', i % 50));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(50)]
    public void Every_object_of_one_archive_timestamp_verifies_alone(int count)
    {
        var clock = new FixedClock(Now);
        var client = Client(pki, "rsa", clock, Now.AddYears(2));
        var objects = Enumerable.Range(0, count).Select(Object).ToArray();

        var records = Protect(client, DigestAlgorithm.Sha256, objects);

        Assert.Equal(1, client.Requests);
        var verifier = new EvidenceRecordVerifier(Validator(pki));
        for (var i = 0; i < count; i++)
        {
            var decoded = EvidenceRecord.Decode(records[i].Encode());
            var result = Verify(verifier, decoded, objects[i], Now.AddDays(1));
            Assert.True(result.IsValid, string.Join(", ", result.Reasons));
            Assert.Equal(Now, result.ProvenSince);
            Assert.Equal(count == 1 ? 0 : (int)Math.Floor(Math.Log2(count)), decoded.Newest.ReducedHashTree.Count);
        }
    }

    [Fact]
    public void Encoding_round_trips_to_the_same_bytes()
    {
        var records = Protect(Client(pki, "sm2", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sm3, [Object(1), Object(2), Object(3)]);

        foreach (var record in records)
        {
            var bytes = record.Encode();
            Assert.Equal(bytes, EvidenceRecord.Decode(bytes).Encode());
            Assert.Equal(["1.2.156.10197.1.401"], EvidenceRecord.Decode(bytes).DigestAlgorithmOids);
        }
    }

    [Fact]
    public void A_changed_object_fails_and_the_others_stay_valid()
    {
        var objects = Enumerable.Range(0, 5).Select(Object).ToArray();
        var records = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, objects);
        var verifier = new EvidenceRecordVerifier(Validator(pki));
        var changed = (byte[])objects[2].Clone();
        changed[0] ^= 1;

        var bad = Verify(verifier, records[2], changed, Now.AddDays(1));

        Assert.Equal([EvidenceReasons.HashTreeMismatch], bad.Reasons);
        Assert.Equal(Indication.Failed, bad.Outcome.Indication);
        Assert.True(Verify(verifier, records[3], objects[3], Now.AddDays(1)).IsValid);
        Assert.Contains(EvidenceReasons.HashTreeMismatch, Verify(verifier, records[3], objects[0], Now.AddDays(1)).Reasons); // a sibling in the same leaf group would be covered too
    }

    [Fact]
    public void A_single_object_record_covers_the_object_hash_directly()
    {
        var data = Object(9);
        var record = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, [data])[0];
        var verifier = new EvidenceRecordVerifier(Validator(pki));

        Assert.Empty(record.Newest.ReducedHashTree);
        Assert.True(TimestampTokenVerifier.TryDecode(record.Newest.TimeStamp, out var token));
        Assert.Equal(Hash(DigestAlgorithm.Sha256, data), token!.Imprint.ToArray());
        Assert.Equal([EvidenceReasons.HashTreeMismatch], Verify(verifier, record, [.. data, 0], Now).Reasons);
    }

    [Fact]
    public void Without_renewal_the_record_is_indeterminate_after_the_tsa_certificate_expired()
    {
        var data = Object(1);
        var record = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, [data, Object(2)])[0];

        var result = Verify(new EvidenceRecordVerifier(Validator(pki)), record, data, Now.AddYears(3));

        Assert.Contains(result.Reasons, r => r.StartsWith(TimestampReasons.TsaUntrusted, StringComparison.Ordinal));
        Assert.Equal(Indication.Indeterminate, result.Outcome.Indication);
    }

    [Fact]
    public async Task Timestamp_renewal_before_expiry_keeps_the_record_valid_after_the_first_tsa_expired()
    {
        var objects = Enumerable.Range(0, 4).Select(Object).ToArray();
        var records = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, objects);
        var renewalClock = new FixedClock(Now.AddMonths(18));
        var renewer = Client(pki, "rsa", renewalClock, Now.AddYears(8));
        var batch = new EvidenceRecordBatch(DigestAlgorithm.Sha256);
        foreach (var record in records)
        {
            batch.AddTimestampRenewal(record);
        }

        var renewed = await batch.StampAsync(renewer);

        Assert.Equal(1, renewer.Requests);
        var verifier = new EvidenceRecordVerifier(Validator(pki));
        for (var i = 0; i < objects.Length; i++)
        {
            var record = EvidenceRecord.Decode(renewed[i].Encode());
            Assert.Single(record.Chains);
            Assert.Equal(2, record.Chains[0].Timestamps.Count);
            var result = Verify(verifier, record, objects[i], Now.AddYears(5));
            Assert.True(result.IsValid, string.Join(", ", result.Reasons));
            Assert.Equal(Now, result.ProvenSince);
            Assert.Equal(Now.AddMonths(18), result.Timestamps[^1].Time);
        }

        Assert.Equal([EvidenceReasons.HashTreeMismatch], Verify(verifier, renewed[0], objects[2], Now.AddYears(5)).Reasons);
    }

    [Fact]
    public async Task Renewal_after_the_tsa_certificate_expired_does_not_rescue_the_record()
    {
        var data = Object(1);
        var record = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, [data])[0];
        var batch = new EvidenceRecordBatch(DigestAlgorithm.Sha256);
        batch.AddTimestampRenewal(record);
        var late = (await batch.StampAsync(Client(pki, "rsa", new FixedClock(Now.AddYears(3)), Now.AddYears(8))))[0];

        var result = Verify(new EvidenceRecordVerifier(Validator(pki)), late, data, Now.AddYears(4));

        Assert.Contains(result.Reasons, r => r.StartsWith(TimestampReasons.TsaUntrusted, StringComparison.Ordinal));
        Assert.NotEmpty(result.Timestamps[0].Reasons);
        Assert.Empty(result.Timestamps[1].Reasons);
    }

    [Fact]
    public async Task Hash_tree_renewal_to_sm3_keeps_every_object_checkable_and_survives_sha256_losing_trust()
    {
        var objects = Enumerable.Range(0, 6).Select(Object).ToArray();
        var records = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, objects);
        var renewer = Client(pki, "sm2", new FixedClock(Now.AddYears(1)), Now.AddYears(8));
        var batch = new EvidenceRecordBatch(DigestAlgorithm.Sm3);
        for (var i = 0; i < objects.Length; i++)
        {
            batch.AddHashTreeRenewal(records[i], Hash(DigestAlgorithm.Sm3, objects[i]));
        }

        var renewed = await batch.StampAsync(renewer);

        // SHA-256 stops being trusted after the renewal and before the validation time.
        var policy = new ArchiveTimestampPolicy
        {
            DigestTrustedUntil = new Dictionary<string, DateTimeOffset> { ["2.16.840.1.101.3.4.2.1"] = Now.AddYears(3), ["1.2.156.10197.1.401"] = DateTimeOffset.MaxValue },
        };
        var verifier = new EvidenceRecordVerifier(Validator(pki), policy);
        Assert.Equal(1, renewer.Requests);
        for (var i = 0; i < objects.Length; i++)
        {
            var record = EvidenceRecord.Decode(renewed[i].Encode());
            Assert.Equal(2, record.Chains.Count);
            Assert.Equal(["2.16.840.1.101.3.4.2.1", "1.2.156.10197.1.401"], record.DigestAlgorithmOids);
            var result = Verify(verifier, record, objects[i], Now.AddYears(5));
            Assert.True(result.IsValid, string.Join(", ", result.Reasons));
            Assert.Equal(["sha256", "sm3"], result.Timestamps.Select(t => t.Digest));
        }

        var changed = (byte[])objects[4].Clone();
        changed[^1] ^= 0x80;
        Assert.Contains(EvidenceReasons.HashTreeMismatch, Verify(verifier, renewed[4], changed, Now.AddYears(5)).Reasons);

        // The original record alone no longer proves anything once SHA-256 is not trusted.
        Assert.Contains(Verify(verifier, records[0], objects[0], Now.AddYears(5)).Reasons, r => r.StartsWith(EvidenceReasons.DigestUntrusted, StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_batch_mixes_new_records_timestamp_renewals_and_hash_tree_renewals()
    {
        var objects = Enumerable.Range(0, 3).Select(Object).ToArray();
        var old = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, objects[..2]);
        var oldSm3 = Protect(Client(pki, "sm2", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sm3, [objects[2]])[0];
        var renewer = Client(pki, "sm2", new FixedClock(Now.AddYears(1)), Now.AddYears(8));
        var batch = new EvidenceRecordBatch(DigestAlgorithm.Sm3);
        var fresh = Object(99);
        batch.AddNew(Hash(DigestAlgorithm.Sm3, fresh));
        batch.AddHashTreeRenewal(old[0], Hash(DigestAlgorithm.Sm3, objects[0]));
        batch.AddHashTreeRenewal(old[1], Hash(DigestAlgorithm.Sm3, objects[1]));
        batch.AddTimestampRenewal(oldSm3);

        var result = await batch.StampAsync(renewer);

        Assert.Equal(1, renewer.Requests);
        var verifier = new EvidenceRecordVerifier(Validator(pki));
        var at = Now.AddYears(4);
        Assert.True(Verify(verifier, result[0], fresh, at).IsValid);
        Assert.True(Verify(verifier, result[1], objects[0], at).IsValid);
        Assert.True(Verify(verifier, result[2], objects[1], at).IsValid);
        var tsRenewed = Verify(verifier, result[3], objects[2], at);
        Assert.True(tsRenewed.IsValid, string.Join(", ", tsRenewed.Reasons));
        Assert.Throws<TrustFormatException>(() => batch.AddTimestampRenewal(old[0]));
    }

    [Fact]
    public void Renewal_policy_says_when_the_newest_timestamp_is_due()
    {
        var record = Protect(Client(pki, "rsa", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sha256, [Object(1)])[0];
        Assert.True(TimestampTokenVerifier.TryDecode(record.Newest.TimeStamp, out var token));
        var policy = ArchiveTimestampPolicy.Default;

        Assert.Empty(policy.RenewalReasons(token!, Now));
        Assert.Empty(policy.RenewalReasons(token!, Now.AddDays(364)));
        Assert.Equal([EvidenceReasons.RenewalTsaExpiring], policy.RenewalReasons(token!, Now.AddDays(366)));
        Assert.Equal([EvidenceReasons.RenewalTsaExpiring], new ArchiveTimestampPolicy { RenewBefore = TimeSpan.FromDays(800) }.RenewalReasons(token!, Now));
        var noSha256 = new ArchiveTimestampPolicy { DigestTrustedUntil = new Dictionary<string, DateTimeOffset> { ["2.16.840.1.101.3.4.2.1"] = Now.AddMonths(6) } };
        Assert.Equal([EvidenceReasons.RenewalDigestWeakening], noSha256.RenewalReasons(token!, Now));
        Assert.False(policy.IsDigestTrusted("1.3.14.3.2.26", Now));
        Assert.True(policy.IsDigestTrusted("1.3.14.3.2.26", new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(policy.IsDigestTrusted("1.2.840.113549.2.5", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(Now.AddYears(2).UtcDateTime.Date, ArchiveTimestampPolicy.TsaNotAfter(token!)!.Value.UtcDateTime.Date);
    }

    [Fact]
    public void Every_new_reason_is_catalogued()
    {
        foreach (var code in new[]
        {
            EvidenceReasons.Malformed, EvidenceReasons.UnsupportedDigest, EvidenceReasons.DigestUntrusted, EvidenceReasons.HashTreeMismatch,
            EvidenceReasons.ChainAlgorithmMismatch, EvidenceReasons.TimestampOrder, EvidenceReasons.RenewalMissing,
            EvidenceReasons.RenewalTsaExpiring, EvidenceReasons.RenewalDigestWeakening, EvidenceReasons.RenewalIoError,
        })
        {
            Assert.NotNull(ReasonCatalog.Find(code));
        }
    }
}
