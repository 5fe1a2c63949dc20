using Trust.Core.Results;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Limits;

/// <summary>A server started with a licence size limit below every licence (<c>Trust:Verification:Licence:MaxInputBytes</c>).</summary>
public sealed class LowLicenceLimitServerProcess : ServerProcess
{
    public const int MaxLicenceBytes = 200;

    public LowLicenceLimitServerProcess()
        : base([$"--Trust:Verification:Licence:MaxInputBytes={MaxLicenceBytes}"], new Dictionary<string, string>())
    {
    }
}

/// <summary>
/// The verifier limits bound from <c>Trust:Verification</c> reach the library's verifier: a licence over the configured
/// size is answered untrusted / INDETERMINATE with <c>limit.input_size</c> on Verify and VerifyBatch, never valid.
/// </summary>
public sealed class VerificationLimitsEndToEndTests(LowLicenceLimitServerProcess server) : IClassFixture<LowLicenceLimitServerProcess>
{
    [Fact]
    public async Task A_licence_over_the_configured_size_is_untrusted_and_indeterminate_naming_the_limit()
    {
        var licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, server.Departments[0]));
        var issued = await licences.IssueAsync(TestLicences.Example(server.Departments[0]));
        Assert.True(issued.Licence.Length > LowLicenceLimitServerProcess.MaxLicenceBytes);

        var reply = await licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
        Assert.Equal(Verdict.Untrusted, reply.Result.Verdict);
        Assert.Equal([LimitReasons.InputSize], reply.Result.Reasons);
        Assert.Equal("INDETERMINATE", reply.Result.Indication);

        var batch = await licences.VerifyBatchAsync(new VerifyBatchRequest { Licences = { issued.Licence } });
        Assert.Equal([LimitReasons.InputSize], batch.Items[0].Result.Reasons);
    }
}
