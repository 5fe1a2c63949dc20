using System.Text.Json;
using Trust.Core.Seals;
using Trust.Core.Storage;

namespace Trust.Application.Seals;

/// <summary>
/// The one seal-use path of the CLI (<c>trust seal pdf</c>, <c>trust seal sign-file</c>, <c>trust license file</c>)
/// and the server (<c>SealService.SealPdf</c>, the seal platform, licence files): a seal may be used only when the
/// store has no revocation for it and it is inside its validity window, and a use that hands out a sealed document
/// is appended to the audit log as <c>seal.use</c> with the same details, before the document is handed out.
/// </summary>
public static class SealUse
{
    /// <summary>Audit action of a seal use.</summary>
    public const string Action = "seal.use";

    private static readonly JsonSerializerOptions AuditJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The seal <paramref name="sealId"/> of <paramref name="registry"/> when it may be used now: not revoked in
    /// <paramref name="store"/> (revocations are read per call, so a revocation by another host counts at once) and
    /// inside its validity window.
    /// </summary>
    /// <param name="store">The store whose seal revocations decide.</param>
    /// <param name="registry">The seals of the PKI.</param>
    /// <param name="sealId">The seal's esID.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="KeyNotFoundException">The registry has no such seal.</exception>
    /// <exception cref="SealUnusableException">Revoked (<c>seal.revoked</c>) or outside its validity window.</exception>
    public static async Task<SealRecord> GetUsableAsync(ISealRegistryStore store, SealRegistry registry, string sealId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        if (!registry.TryFind(sealId, out _))
        {
            throw new KeyNotFoundException($"No seal with identifier {sealId}.");
        }

        if (await store.IsRevokedAsync(sealId, cancellationToken).ConfigureAwait(false))
        {
            throw new SealUnusableException(SealReasons.Revoked, $"Seal {sealId} is revoked and cannot be used to sign.");
        }

        return registry.GetUsable(sealId);
    }

    /// <summary>Appends the <c>seal.use</c> entry of one use (subject: the seal id).</summary>
    /// <param name="auditLog">The audit log that records it.</param>
    /// <param name="actor">Who used the seal (principal or tool).</param>
    /// <param name="use">What was sealed.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static Task<AuditEntry> RecordAsync(IAuditLog auditLog, string actor, SealUseRecord use, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditLog);
        ArgumentNullException.ThrowIfNull(use);
        var details = JsonSerializer.Serialize(
            new Details(use.Department, use.Field, use.InputBytes, use.InputSha256, use.OutputBytes, use.OutputSha256), AuditJson);
        return auditLog.AppendAsync(Action, actor, use.SealId, details, at, cancellationToken);
    }

    private sealed record Details(string Department, string Field, long InputBytes, string InputSha256, long OutputBytes, string OutputSha256);
}

/// <summary>One use of a seal, as recorded in the audit log (no document content, only sizes and hashes).</summary>
/// <param name="SealId">The seal.</param>
/// <param name="Department">The seal's department.</param>
/// <param name="Field">The signature field sealed.</param>
/// <param name="InputBytes">Size of the document before sealing.</param>
/// <param name="InputSha256">SHA-256 (lower-case hex) of the document before sealing.</param>
/// <param name="OutputBytes">Size of the sealed document.</param>
/// <param name="OutputSha256">SHA-256 (lower-case hex) of the sealed document.</param>
public sealed record SealUseRecord(string SealId, string Department, string Field, long InputBytes, string InputSha256, long OutputBytes, string OutputSha256);
