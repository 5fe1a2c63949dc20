using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Status;

namespace Trust.Core.Tests.Licences;

/// <summary>The split of verification into a rememberable content check and the per-request time and status checks.</summary>
public sealed class LicenceContentCheckTests
{
    private static readonly StatusLookup ValidStatus = StatusLookup.Known(LicenceStatus.Valid);

    private static async Task<(LicenceFixture Fixture, SignedLicence Licence)> ExpiringLicenceAsync()
    {
        var f = new LicenceFixture(KeyAlgorithm.Sm2);
        var type = LicenceCatalog.Default.Types.First(t => t.DefaultValidity is not null);
        return (f, await f.Issuer.IssueAsync(LicenceFixture.ExampleRequest(type)));
    }

    [Fact]
    public async Task Remembered_content_check_never_skips_the_expiry_check()
    {
        var (f, licence) = await ExpiringLicenceAsync();
        var content = f.Verifier.CheckContent(licence.Encoded);
        Assert.Equal(LicenceVerdict.Valid, f.Verifier.Complete(content, ValidStatus).Verdict);

        f.Clock.Now = licence.Payload.ValidUntil!.Value;
        var later = f.Verifier.Complete(content, ValidStatus);
        Assert.Equal(LicenceVerdict.Expired, later.Verdict);
        Assert.Equal(["validity.expired"], later.Reasons);

        // The same through the compact form kept in a shared cache.
        Assert.True(LicenceContentCheck.TryRead(content.ToBytes(), out var restored));
        Assert.Null(restored!.Licence);
        Assert.Equal(licence.Id, restored.LicenceId);
        Assert.Equal(content.StatusQuery, restored.StatusQuery);
        var fromCache = f.Verifier.Complete(restored, ValidStatus);
        Assert.Equal(LicenceVerdict.Expired, fromCache.Verdict);
        Assert.Equal(licence.Id, fromCache.LicenceId);

        f.Clock.Now = licence.Payload.ValidFrom.AddSeconds(-1) - LicenceVerifier.MaxClockSkew;
        Assert.Equal(LicenceVerdict.Invalid, f.Verifier.Complete(restored, ValidStatus).Verdict); // issued in the future
    }

    [Fact]
    public async Task Status_is_applied_on_completion_and_missing_status_is_never_valid()
    {
        var (f, licence) = await ExpiringLicenceAsync();
        var content = f.Verifier.CheckContent(licence.Encoded);
        Assert.Equal(LicenceVerdict.Revoked, f.Verifier.Complete(content, StatusLookup.Known(LicenceStatus.Revoked)).Verdict);
        Assert.Equal(LicenceVerdict.Suspended, f.Verifier.Complete(content, StatusLookup.Known(LicenceStatus.Suspended)).Verdict);
        var unknown = f.Verifier.Complete(content, null);
        Assert.Equal(LicenceVerdict.Untrusted, unknown.Verdict);
        Assert.Equal(["status.indeterminate:source_failed"], unknown.Reasons);
    }

    [Fact]
    public async Task Invalid_content_has_no_status_query_and_cannot_be_written()
    {
        var (f, licence) = await ExpiringLicenceAsync();
        var tampered = licence.Encoded.ToArray();
        tampered[^5] ^= 1;
        var content = f.Verifier.CheckContent(tampered);
        Assert.Equal(LicenceVerdict.Invalid, content.Verdict);
        Assert.Null(content.StatusQuery);
        Assert.Throws<InvalidOperationException>(() => content.ToBytes());
        Assert.Equal(LicenceVerdict.Invalid, f.Verifier.Complete(content, ValidStatus).Verdict);
    }

    [Fact]
    public async Task Split_verification_gives_the_same_result_as_VerifyAsync()
    {
        var (f, licence) = await ExpiringLicenceAsync();
        var whole = await f.Verifier.VerifyAsync(licence.Encoded);
        var split = f.Verifier.Complete(f.Verifier.CheckContent(licence.Encoded), ValidStatus);
        Assert.Equal(whole.Verdict, split.Verdict);
        Assert.Equal(whole.Reasons, split.Reasons);
        Assert.Equal(whole.LicenceId, split.LicenceId);
    }

    [Property(MaxTest = 300)]
    public bool TryRead_of_random_bytes_never_throws(byte[] bytes)
    {
        var ok = LicenceContentCheck.TryRead(bytes, out var check);
        return ok == check is not null;
    }

    [Fact]
    public async Task TryRead_rejects_every_truncation_and_trailing_bytes()
    {
        var (f, licence) = await ExpiringLicenceAsync();
        var bytes = f.Verifier.CheckContent(licence.Encoded).ToBytes();
        for (var n = 0; n < bytes.Length; n++)
        {
            Assert.False(LicenceContentCheck.TryRead(bytes.AsSpan(0, n), out _));
        }

        Assert.False(LicenceContentCheck.TryRead([.. bytes, 0], out _));
    }
}
