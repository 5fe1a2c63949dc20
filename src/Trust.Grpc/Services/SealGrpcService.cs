using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Application.Seals;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Storage;
using Trust.Grpc.Hosting;
using Trust.Grpc.Seals;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Pdf;
using Trust.Storage;

namespace Trust.Grpc.Services;

/// <summary>
/// trust.v1.SealService: lists the seals, seals PDFs and verifies sealed PDFs, streaming the PDF in chunks
/// through private temporary files (see <see cref="PdfUpload"/>): no PDF is held in memory as a whole.
/// Every seal use is appended to the audit log (<c>seal.use</c>, brief section 8) before the sealed PDF is sent.
/// </summary>
/// <remarks>
/// Authorisation: listing and verifying need <see cref="TrustPolicies.SealRead"/>. Sealing needs
/// <see cref="TrustPolicies.SealUse"/> and, checked here, the sealer role for the seal's own department: "a department
/// may use only its own seals" (brief section 8). Admins are not exempt: a seal is a department's legal act, and
/// administering the server does not make an operator a signatory of every department. A refusal is
/// PERMISSION_DENIED, audited as <c>access.denied</c> (never as a seal use), before any PDF byte is read.
/// </remarks>
internal sealed class SealGrpcService : SealService.SealServiceBase
{
    /// <summary>Audit action of a seal use.</summary>
    public const string SealUseAction = SealUse.Action;

    private const int MaxTextLength = 200;
    private const int MaxReasonLength = SealRevocations.MaxReasonLength;
    private const double MaxPositionMm = 5000;

    private readonly DepartmentSeals _seals;
    private readonly ServerSealing _sealing;
    private readonly TrustStore _store;
    private readonly CertificateValidator _validator;
    private readonly TrustAccess _access;
    private readonly TrustServerOptions _options;
    private readonly string _spool;
    private readonly ILogger<SealGrpcService> _logger;
    private readonly Trust.Core.Timestamps.ITimestampClient? _tsa;

    public SealGrpcService(DepartmentSeals seals, ServerSealing sealing, TrustStore store, CertificateValidator validator, TrustAccess access, TrustServerOptions options, PdfSpoolDirectory spool, ILogger<SealGrpcService> logger, Trust.Grpc.Timestamps.ServerTimestampAuthority tsa)
    {
        _access = access;
        _seals = seals;
        _sealing = sealing;
        _store = store;
        _validator = validator;
        _options = options;
        _spool = spool.Path;
        _logger = logger;

        // The server's own TSA gives every sealed PDF a signature time-stamp (PAdES B-T) when the PKI has a TSA key.
        _tsa = tsa.Client;
    }

    [Authorize(Policy = TrustPolicies.SealRead)]
    public override async Task<ListSealsResponse> ListSeals(ListSealsRequest request, ServerCallContext context)
    {
        var department = request.Department;
        if (department.Length > 0 && !_seals.Registry.List().Any(s => s.Department == department))
        {
            throw Invalid("department: no seals for this department code");
        }

        var revoked = await _store.GetSealRevocationSnapshotAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new ListSealsResponse();
        foreach (var seal in _seals.Registry.List())
        {
            if (department.Length > 0 && seal.Department != department)
            {
                continue;
            }

            var property = seal.Seal.SealInfo.Property;
            response.Seals.Add(new SealInfo
            {
                SealId = seal.Id,
                Department = seal.Department,
                Name = seal.Name,
                Revoked = revoked.IsRevoked(seal.Id),
                Algorithm = SignatureAlgorithms.DisplayName(seal.Algorithm),
                Kind = (int)seal.Kind,
                ValidFrom = Timestamp.FromDateTimeOffset(property.ValidStart),
                ValidTo = Timestamp.FromDateTimeOffset(property.ValidEnd),
            });
        }

        return response;
    }

    [Authorize(Policy = TrustPolicies.SealUse)]
    public override async Task SealPdf(IAsyncStreamReader<SealPdfRequest> requestStream, IServerStreamWriter<SealPdfResponse> responseStream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var caller = CallerPrincipal.From(context);
        var actor = caller.Name;
        var header = await ReadHeaderAsync(requestStream, r => r.PartCase == SealPdfRequest.PartOneofCase.Header ? r.Header : null, cancellation).ConfigureAwait(false);
        CheckHeader(header);
        var seal = _seals.Registry.TryFind(header.SealId, out var found) ? found : throw new RpcException(new Status(StatusCode.NotFound, "header.seal_id: no such seal"));
        if (!caller.HasRole(TrustRoles.Sealer) || !caller.Departments.Contains(seal.Department))
        {
            SealLog.Refused(_logger, seal.Id, actor, "not a sealer of department " + seal.Department);
            throw await _access.DenyAsync(context, $"seal {seal.Id} belongs to department {seal.Department}; only its sealers may use it").ConfigureAwait(false);
        }

        await EnsureUsableAsync(seal, actor, cancellation).ConfigureAwait(false);
        // Local key or remote platform: checked before a byte of the PDF is read (a platform that is down fails here).
        var chain = _sealing.ChainFor(seal, "header.seal_id");

        using var upload = await PdfUpload.ReceiveAsync(requestStream, SealChunk, header.Size, _options.Limits.MaxPdfBytes, _spool, cancellation).ConfigureAwait(false);

        // The upload may have taken a while: a revocation made meanwhile still stops the seal use.
        await EnsureUsableAsync(seal, actor, cancellation).ConfigureAwait(false);
        var output = SpoolFile.Create(_spool);
        try
        {
            // The platform's audit gets the document's hash and size, never the document.
            var provider = _sealing.ProviderFor($"SealPdf sha256:{Convert.ToHexStringLower(upload.Sha256)} ({upload.Length} bytes)");
            var field = _sealing.Seal("header.seal_id", () => Seal(upload, output, header, seal, provider, chain, _tsa, cancellation));
            output.Position = 0;
            var sha256 = await SHA256.HashDataAsync(output, cancellation).ConfigureAwait(false);
            var result = new SealPdfResult
            {
                Field = field,
                SealId = seal.Id,
                Department = seal.Department,
                Algorithm = SignatureAlgorithms.DisplayName(seal.Algorithm),
                Size = output.Length,
                Sha256 = Convert.ToHexStringLower(sha256),
            };

            // Audited before a single byte of the sealed PDF leaves the server (the same entry as trust seal pdf writes).
            var use = new SealUseRecord(seal.Id, seal.Department, field, upload.Length, Convert.ToHexStringLower(upload.Sha256), result.Size, result.Sha256);
            await SealUse.RecordAsync(_store, actor, use, DateTimeOffset.UtcNow, cancellation).ConfigureAwait(false);
            SealLog.Sealed(_logger, seal.Id, actor, upload.Length, result.Size, field);

            await responseStream.WriteAsync(new SealPdfResponse { Result = result }, cancellation).ConfigureAwait(false);
            output.Position = 0;
            await SendAsync(output, responseStream, cancellation).ConfigureAwait(false);
        }
        finally
        {
            SpoolFile.Delete(output);
        }
    }

    [Authorize(Policy = TrustPolicies.SealRead)]
    public override async Task<VerifyPdfResponse> VerifyPdf(IAsyncStreamReader<VerifyPdfRequest> requestStream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var header = await ReadHeaderAsync(requestStream, r => r.PartCase == VerifyPdfRequest.PartOneofCase.Header ? r.Header : null, cancellation).ConfigureAwait(false);
        PdfUpload.CheckDeclaredSize("header.size", header.Size, _options.Limits.MaxPdfBytes);
        var validationTime = ValidationTime.From("header.validation_time", header.ValidationTime);
        using var upload = await PdfUpload.ReceiveAsync(requestStream, VerifyChunk, header.Size, _options.Limits.MaxPdfBytes, _spool, cancellation).ConfigureAwait(false);
        // The library decides everything, seal.revoked included; the mapping only copies.
        var revoked = await _store.GetSealRevocationSnapshotAsync(cancellation).ConfigureAwait(false);
        var report = PdfSealVerifier.Verify(new CancellableStream(upload.File, cancellation), new PdfVerificationOptions
        {
            CertificateValidator = _validator,
            SealRegistry = _seals.Registry,
            SealRevocations = revoked,
            ValidationTime = validationTime,
        }.WithLimitsOf(_options.Verification.Pdf));
        cancellation.ThrowIfCancellationRequested();
        var response = PdfReportMapping.ToProto(report);
        SealLog.Verified(_logger, upload.Length, CallerPrincipal.From(context).Name, response.Verdict, response.Seals.Count);
        return response;
    }

    private static string Seal(PdfUpload upload, FileStream output, SealPdfHeader header, SealRecord seal, Trust.Core.Seals.Providers.ISealProvider provider, IReadOnlyList<byte[]> chain, Trust.Core.Timestamps.ITimestampClient? tsa, CancellationToken cancellation)
    {
        var options = new PdfSealOptions
        {
            CertificateChain = chain,
            Seal = PdfSealData.FromSealRecord(seal),
            Page = header.Page == 0 ? 1 : header.Page,
            XMm = header.HasXMm ? header.XMm : 20,
            YMm = header.HasYMm ? header.YMm : 20,
            FieldName = header.Field.Length > 0 ? header.Field : null,
            Reason = header.Reason.Length > 0 ? header.Reason : null,
            Location = header.Location.Length > 0 ? header.Location : null,
            TimestampClient = tsa,
        };
        try
        {
            var field = PdfSealer.Seal(new CancellableStream(upload.File, cancellation), new CancellableStream(output, cancellation), options, provider, seal.Id);
            output.Flush();
            return field;
        }
        catch (TrustFormatException) when (cancellation.IsCancellationRequested)
        {
            // The reader reports a read that stopped half-way as an unreadable PDF: it was the cancellation.
            throw new OperationCanceledException(cancellation);
        }
        catch (TrustFormatException ex) when (ex.Field is "DocMDP" or "certify")
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }
        catch (Trust.Core.Timestamps.TimestampException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "timestamp: " + ex.Message));
        }
    }

    private async Task EnsureUsableAsync(SealRecord seal, string actor, CancellationToken cancellation)
    {
        try
        {
            await SealUse.GetUsableAsync(_store, _seals.Registry, seal.Id, cancellation).ConfigureAwait(false);
        }
        catch (SealUnusableException ex)
        {
            SealLog.Refused(_logger, seal.Id, actor, ex.Reason);
            var message = ex.Reason == SealReasons.Revoked ? $"seal {seal.Id} is revoked" : ex.Message;
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"header.seal_id: {message} ({ex.Reason})"));
        }
    }

    [Authorize(Policy = TrustPolicies.Admin)]
    public override async Task<RevokeSealResponse> RevokeSeal(RevokeSealRequest request, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        if (request.SealId.Length == 0)
        {
            throw Invalid("seal_id: required");
        }

        if (request.SealId.Length > MaxTextLength)
        {
            throw Invalid($"seal_id: longer than {MaxTextLength} characters");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw Invalid("reason: required");
        }

        if (request.Reason.Length > MaxReasonLength)
        {
            throw Invalid($"reason: longer than {MaxReasonLength} characters");
        }

        var seal = _seals.Registry.TryFind(request.SealId, out var found) ? found : throw new RpcException(new Status(StatusCode.NotFound, "seal_id: no such seal"));

        // A department's admin, not any admin: revoking a seal is the department's own act (as using it is).
        var caller = CallerPrincipal.From(context);
        if (!caller.IsAdmin || !caller.Departments.Contains(seal.Department))
        {
            SealLog.Refused(_logger, seal.Id, caller.Name, "not an admin of department " + seal.Department);
            throw await _access.DenyAsync(context, $"seal {seal.Id} belongs to department {seal.Department}; only its admins may revoke it").ConfigureAwait(false);
        }

        var at = DateTimeOffset.UtcNow;
        var entry = await SealRevocations.RevokeAsync(_store, seal, request.Reason, caller.Name, at, cancellation).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"seal_id: seal {seal.Id} is already revoked"));
        return new RevokeSealResponse
        {
            SealId = seal.Id,
            Department = seal.Department,
            Status = "revoked",
            RevokedAt = Timestamp.FromDateTimeOffset(entry.At),
            AuditSequence = entry.Sequence,
        };
    }

    private void CheckHeader(SealPdfHeader header)
    {
        if (header.SealId.Length == 0)
        {
            throw Invalid("header.seal_id: required");
        }

        if (header.SealId.Length > MaxTextLength)
        {
            throw Invalid($"header.seal_id: longer than {MaxTextLength} characters");
        }

        if (header.Page < 0)
        {
            throw Invalid("header.page: pages are numbered from 1");
        }

        CheckPosition("header.x_mm", header.HasXMm, header.XMm);
        CheckPosition("header.y_mm", header.HasYMm, header.YMm);
        CheckText("header.field", header.Field);
        CheckText("header.reason", header.Reason);
        CheckText("header.location", header.Location);
        PdfUpload.CheckDeclaredSize("header.size", header.Size, _options.Limits.MaxPdfBytes);
    }

    private static void CheckPosition(string field, bool present, double value)
    {
        if (present && (!double.IsFinite(value) || value < 0 || value > MaxPositionMm))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{field}: must be between 0 and {MaxPositionMm} millimetres"));
        }
    }

    private static void CheckText(string field, string value)
    {
        if (value.Length > MaxTextLength)
        {
            throw Invalid($"{field}: longer than {MaxTextLength} characters");
        }
    }

    private static async Task<THeader> ReadHeaderAsync<TRequest, THeader>(IAsyncStreamReader<TRequest> requests, Func<TRequest, THeader?> headerOf, CancellationToken cancellation)
        where THeader : class
    {
        if (!await requests.MoveNext(cancellation).ConfigureAwait(false))
        {
            throw Invalid("header: required as the first message");
        }

        return headerOf(requests.Current) ?? throw Invalid("header: the first message must be the header");
    }

    private static ByteString SealChunk(SealPdfRequest request) =>
        request.PartCase == SealPdfRequest.PartOneofCase.Chunk ? request.Chunk.Data : throw Invalid("chunk: every message after the header must be a chunk");

    private static ByteString VerifyChunk(VerifyPdfRequest request) =>
        request.PartCase == VerifyPdfRequest.PartOneofCase.Chunk ? request.Chunk.Data : throw Invalid("chunk: every message after the header must be a chunk");

    private async Task SendAsync(FileStream file, IServerStreamWriter<SealPdfResponse> responses, CancellationToken cancellation)
    {
        var size = Math.Clamp(_options.Pdf.ChunkBytes, 1024, 1024 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, size), cancellation).ConfigureAwait(false)) > 0)
            {
                await responses.WriteAsync(new SealPdfResponse { Chunk = new V1.PdfChunk { Data = ByteString.CopyFrom(buffer, 0, read) } }, cancellation).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
