using System.Formats.Cbor;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>End-to-end tests against a real server process (see <see cref="ServerProcess"/>).</summary>
public sealed class LicenceServiceEndToEndTests : IClassFixture<ServerProcess>
{
    private readonly ServerProcess _server;
    private readonly LicenceService.LicenceServiceClient _licences;

    public LicenceServiceEndToEndTests(ServerProcess server)
    {
        _server = server;
        _licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, server.Departments[0]));
    }

    private string Department => _server.Departments[0];

    [Fact]
    public async Task Health_check_reports_serving_and_healthz_answers_on_the_web_endpoint()
    {
        var reply = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync(new Uri($"http://127.0.0.1:{_server.WebPort}/healthz")));
        Assert.Contains("creating a DEVELOPMENT PKI", _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issued_licence_verifies_valid_then_revoked_after_revoke()
    {
        var issued = await IssueAsync();
        Assert.StartsWith("BL-" + Department, issued.LicenceId, StringComparison.Ordinal);

        var before = await _licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
        Assert.Equal(Verdict.Valid, before.Result.Verdict);
        Assert.Equal(issued.LicenceId, before.Result.LicenceId);
        Assert.Empty(before.Result.Reasons);

        var byQr = await _licences.VerifyAsync(new VerifyLicenceRequest { QrText = issued.QrText });
        Assert.Equal(Verdict.Valid, byQr.Result.Verdict);

        var revoked = await _licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "test" });
        Assert.Equal(LicenceStatus.Revoked, revoked.Status);

        // The verification above cached the status; a change on this node invalidates it, and no
        // status is served older than the 1 s bound in any case.
        var after = await _licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
        Assert.Equal(Verdict.Revoked, after.Result.Verdict);
        Assert.Contains("status.revoked", after.Result.Reasons);

        var again = await Assert.ThrowsAsync<RpcException>(() => _licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Suspend_and_resume_change_the_verdict_and_get_reports_the_status()
    {
        var issued = await IssueAsync();
        await _licences.SuspendAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "inspection" });
        Assert.Equal(Verdict.Suspended, (await _licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence })).Result.Verdict);
        var got = await _licences.GetAsync(new GetLicenceRequest { LicenceId = issued.LicenceId });
        Assert.Equal(LicenceStatus.Suspended, got.Status);
        Assert.Equal(issued.Licence, got.Licence);
        Assert.Equal(Department, got.Department);

        await _licences.ResumeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId });
        Assert.Equal(Verdict.Valid, (await _licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence })).Result.Verdict);
        var notSuspended = await Assert.ThrowsAsync<RpcException>(() => _licences.ResumeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notSuspended.StatusCode);
    }

    [Fact]
    public async Task Unknown_licence_is_not_found_and_missing_id_is_an_invalid_argument_naming_the_field()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _licences.GetAsync(new GetLicenceRequest { LicenceId = "BL-NONE-2026-000001-00" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var revokeUnknown = await Assert.ThrowsAsync<RpcException>(() => _licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = "BL-NONE-2026-000001-00" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, revokeUnknown.StatusCode);

        var missing = await Assert.ThrowsAsync<RpcException>(() => _licences.GetAsync(new GetLicenceRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("licence_id", missing.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_issue_requests_are_invalid_arguments_naming_the_field_and_store_nothing()
    {
        var request = TestLicences.Example(Department);
        request.Department = "NOPE";
        var admin = new LicenceService.LicenceServiceClient(_server.ChannelFor(TrustRoles.Admin));
        var department = await Assert.ThrowsAsync<RpcException>(() => admin.IssueAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, department.StatusCode);
        Assert.StartsWith("department:", department.Status.Detail, StringComparison.Ordinal);

        request = TestLicences.Example(Department);
        request.TypeCode = "NO-SUCH-TYPE";
        var type = await Assert.ThrowsAsync<RpcException>(() => _licences.IssueAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, type.StatusCode);
        Assert.Contains("type", type.Status.Detail, StringComparison.Ordinal);

        request = TestLicences.Example(Department);
        request.HolderId = "123";
        var holder = await Assert.ThrowsAsync<RpcException>(() => _licences.IssueAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, holder.StatusCode);
        Assert.Contains("holder_id", holder.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", holder.Status.Detail, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Verify_without_input_or_with_empty_bytes_is_an_invalid_argument_and_garbage_is_an_invalid_verdict()
    {
        var none = await Assert.ThrowsAsync<RpcException>(() => _licences.VerifyAsync(new VerifyLicenceRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
        Assert.StartsWith("licence:", none.Status.Detail, StringComparison.Ordinal);

        var empty = await Assert.ThrowsAsync<RpcException>(() => _licences.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.Empty }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);

        var badQr = await Assert.ThrowsAsync<RpcException>(() => _licences.VerifyAsync(new VerifyLicenceRequest { QrText = "TL1:???" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badQr.StatusCode);
        Assert.StartsWith("qr_text:", badQr.Status.Detail, StringComparison.Ordinal);

        // The layer that failed and the character offset survive into the detail (docs/input-decisions.md).
        Assert.StartsWith("qr_text: qr.base45:", badQr.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("offset 4", badQr.Status.Detail, StringComparison.Ordinal);

        var garbage = await _licences.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(1, 2, 3, 4, 5) });
        Assert.Equal(Verdict.Invalid, garbage.Result.Verdict);
        Assert.NotEmpty(garbage.Result.Reasons);
    }

    [Fact]
    public async Task Batch_gives_each_item_its_own_verdict_and_a_bad_item_does_not_fail_the_batch()
    {
        var issued = await IssueAsync();
        var request = new VerifyBatchRequest();
        request.Licences.Add(issued.Licence);
        request.Licences.Add(ByteString.CopyFromUtf8("garbage"));
        request.Licences.Add(ByteString.Empty);
        var tampered = issued.Licence.ToByteArray();
        tampered[^1] ^= 1;
        request.Licences.Add(ByteString.CopyFrom(tampered));

        var response = await _licences.VerifyBatchAsync(request);

        Assert.Equal(4, response.Items.Count);
        Assert.Equal([0, 1, 2, 3], response.Items.Select(i => i.Index));
        Assert.Equal(Verdict.Valid, response.Items[0].Result.Verdict);
        Assert.Null(response.Items[0].Error);
        Assert.Equal(Verdict.Invalid, response.Items[1].Result.Verdict);
        Assert.Equal(Verdict.Invalid, response.Items[2].Result.Verdict);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Items[2].Error.Code);
        Assert.Equal("licences[2]: empty", response.Items[2].Error.Message);
        Assert.Equal(Verdict.Invalid, response.Items[3].Result.Verdict);
        Assert.Contains("signature.invalid", response.Items[3].Result.Reasons);
    }

    [Fact]
    public async Task Batch_over_the_maximum_is_an_invalid_argument()
    {
        var request = new VerifyBatchRequest();
        for (var i = 0; i <= ServerProcess.MaxBatchSize; i++)
        {
            request.Licences.Add(ByteString.CopyFrom(1));
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => _licences.VerifyBatchAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("licences:", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_over_the_receive_limit_is_refused_with_resource_exhausted()
    {
        var request = new VerifyBatchRequest();
        request.Licences.Add(ByteString.CopyFrom(new byte[ServerProcess.MaxReceiveMessageSize + 1]));
        var ex = await Assert.ThrowsAsync<RpcException>(() => _licences.VerifyBatchAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Malformed_protobuf_is_refused_without_a_stack_trace()
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, "trust.v1.LicenceService", "Verify",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var invoker = _server.ChannelFor(TrustRoles.Verifier).CreateCallInvoker();
        // Field 1 (bytes) claiming 100 bytes but the message ends: truncated protobuf.
        var ex = Assert.Throws<RpcException>(() => invoker.BlockingUnaryCall(method, null, default, [0x0A, 0x64, 0x01]));
        // Grpc.AspNetCore decodes the request before any interceptor runs (it would answer UNKNOWN);
        // MalformedMessageMiddleware maps it to INVALID_ARGUMENT (more cases: Limits/MalformedMessageTests).
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.DoesNotContain(" at ", ex.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Protobuf", ex.Status.Detail, StringComparison.Ordinal);

        // The server is unharmed.
        var health = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Stream_answers_every_message_in_order_with_its_correlation_id()
    {
        var issued = await IssueAsync();
        using var call = _licences.VerifyStream();
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { CorrelationId = "a", Licence = issued.Licence });
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { CorrelationId = "b", Licence = ByteString.CopyFromUtf8("nonsense") });
        await call.RequestStream.WriteAsync(new VerifyStreamRequest { CorrelationId = "c" });
        await call.RequestStream.CompleteAsync();

        var responses = new List<VerifyStreamResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            responses.Add(response);
        }

        Assert.Equal(["a", "b", "c"], responses.Select(r => r.CorrelationId));
        Assert.Equal(Verdict.Valid, responses[0].Result.Verdict);
        Assert.Equal(Verdict.Invalid, responses[1].Result.Verdict);
        Assert.Equal(Verdict.Invalid, responses[2].Result.Verdict);
        Assert.Equal("licence: empty", responses[2].Error.Message);
    }

    [Fact]
    public async Task Status_list_is_signed_by_the_department_and_shows_a_revocation()
    {
        var issued = await IssueAsync();
        await _licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "test" });
        var status = new StatusService.StatusServiceClient(_server.Channel);
        var response = await status.GetStatusListAsync(new GetStatusListRequest { Department = Department });

        var pki = _server.PkiDirectory;
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "intermediates.pem")));
        Assert.True(Trust.Core.Status.StatusList.TryVerify(response.SignedList.Memory, validator, out var list, out var reason), reason);
        var payload = SignedLicence.Decode(issued.Licence.Memory).Payload;
        Assert.Equal(response.ListId, list!.ListId);
        Assert.Equal(LicenceStatus.Revoked, ProtoStatus(list.GetStatus(payload.StatusIndex)));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => status.GetStatusListAsync(new GetStatusListRequest { Department = "NOPE" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Licence_of_an_rsa_department_is_rs256_under_the_rsa_chain_and_verifies_valid()
    {
        var department = DevelopmentPkiManifest.Load(_server.PkiDirectory).Departments.First(d => d.Algorithm == "RSA");
        Assert.Equal("RSA", department.LicenceIssuerAlgorithm);
        var issuer = new LicenceService.LicenceServiceClient(_server.ChannelFor(TrustRoles.Issuer, department.Code));
        var issued = await issuer.IssueAsync(TestLicences.Example(department.Code));

        // VerificationResult names no algorithm (cached results keep only the verdict's facts): the signed bytes say what the server signed with.
        var licence = SignedLicence.Decode(issued.Licence.Memory);
        Assert.Equal(SignatureAlgorithm.RsaPkcs1Sha256, licence.Algorithm);
        Assert.Equal(-257, CoseAlg(issued.Licence.Memory)); // RS256 (RFC 8812)
        var leaf = licence.CertificateChain[0];
        Assert.Equal(CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, department.LicenceIssuerCertificate))[0], leaf);
        var leafKey = PublicKeyPem.FromCertificate(leaf);
        Assert.Equal((KeyAlgorithm.Rsa, 2048), (leafKey.KeyAlgorithm, leafKey.KeySizeInBits));

        var verifier = new LicenceService.LicenceServiceClient(_server.ChannelFor(TrustRoles.Verifier));
        var one = await verifier.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
        Assert.Equal(Verdict.Valid, one.Result.Verdict);
        Assert.Empty(one.Result.Reasons);
        Assert.Equal(issued.LicenceId, one.Result.LicenceId);
        Assert.Equal(Verdict.Valid, (await verifier.VerifyAsync(new VerifyLicenceRequest { QrText = issued.QrText })).Result.Verdict);

        var tampered = issued.Licence.ToByteArray();
        tampered[^1] ^= 1;
        var batch = new VerifyBatchRequest();
        batch.Licences.Add(issued.Licence);
        batch.Licences.Add(ByteString.CopyFrom(tampered));
        var results = (await verifier.VerifyBatchAsync(batch)).Items;
        Assert.Equal(Verdict.Valid, results[0].Result.Verdict);
        Assert.Contains("signature.invalid", results[1].Result.Reasons);

        // The department's status list is signed with the same key: RS256, and it verifies.
        var status = await new StatusService.StatusServiceClient(_server.Channel).GetStatusListAsync(new GetStatusListRequest { Department = department.Code });
        Assert.Equal(-257, CoseAlg(status.SignedList.Memory));
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, "ca", "intermediates.pem")));
        Assert.True(Trust.Core.Status.StatusList.TryVerify(status.SignedList.Memory, validator, out var list, out var reason), reason);
        Assert.Equal(LicenceStatus.Valid, ProtoStatus(list!.GetStatus(licence.Payload.StatusIndex)));
    }

    /// <summary>The alg (label 1) of a COSE_Sign1's protected header (RFC 9052 section 4.2), read with </summary>
    private static long CoseAlg(ReadOnlyMemory<byte> coseSign1)
    {
        var reader = new CborReader(coseSign1);
        if (reader.PeekState() == CborReaderState.Tag)
        {
            Assert.Equal(18UL, (ulong)reader.ReadTag());
        }

        reader.ReadStartArray();
        var header = new CborReader(reader.ReadByteString());
        var entries = header.ReadStartMap();
        for (var i = 0; i < entries; i++)
        {
            long? label = header.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger
                ? header.ReadInt64()
                : null;
            if (label is null)
            {
                header.SkipValue(); // a text label
            }
            else if (label == 1)
            {
                return header.ReadInt64();
            }

            header.SkipValue();
        }

        throw new Xunit.Sdk.XunitException("no alg in the protected header");
    }

    private static LicenceStatus ProtoStatus(Trust.Core.Status.LicenceStatus status) => status switch
    {
        Trust.Core.Status.LicenceStatus.Valid => LicenceStatus.Valid,
        Trust.Core.Status.LicenceStatus.Suspended => LicenceStatus.Suspended,
        _ => LicenceStatus.Revoked,
    };

    private async Task<IssueLicenceResponse> IssueAsync() => await _licences.IssueAsync(TestLicences.Example(Department));
}
