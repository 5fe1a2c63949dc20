using Trust.Core;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Timestamps;

namespace Trust.Documents.Archives;

/// <summary>What ingest found for one document.</summary>
/// <param name="Name">The document's name as given.</param>
/// <param name="Path">Its entry in the package (<c>documents/…</c>).</param>
/// <param name="Format">The detected format (<c>PDF/A-3B</c>, <c>OFD</c>, <c>XML</c>, ...).</param>
/// <param name="Seals">How many seals it carries.</param>
/// <param name="Authenticity">Its seals at ingest.</param>
/// <param name="Usability">Its format.</param>
/// <param name="Security">Encryption, active content, external references.</param>
public sealed record ArchivalIngestResult(string Name, string Path, string Format, int Seals, VerificationOutcome Authenticity, VerificationOutcome Usability, VerificationOutcome Security)
{
    /// <summary>Whether all three properties passed.</summary>
    public bool Passed => Authenticity.IsPassed && Usability.IsPassed && Security.IsPassed;
}

/// <summary>A package made by <see cref="ArchivalPackageBuilder"/>.</summary>
/// <param name="Package">The ZIP bytes.</param>
/// <param name="Documents">What ingest found, per document.</param>
/// <param name="Entries">The number of entries in the package.</param>
/// <param name="Sm3">SM3 of the whole package, lower-case hex (what an evidence record protects).</param>
/// <param name="TimestampTime">The package seal's time-stamp time; null when not time-stamped.</param>
public sealed record ArchivalPackageBuildResult(byte[] Package, IReadOnlyList<ArchivalIngestResult> Documents, int Entries, string Sm3, DateTimeOffset? TimestampTime);

/// <summary>Ingest refused documents that failed a property (see <see cref="ArchivalPackageRequest.AcceptInvalid"/>); nothing was built.</summary>
public sealed class ArchivalIngestRefusedException : TrustException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="refused">The refused documents.</param>
    public ArchivalIngestRefusedException(IReadOnlyList<ArchivalIngestResult> refused)
        : base("Ingest refused: " + string.Join("; ", refused.Select(r => $"{r.Name} ({string.Join(", ", r.Authenticity.Reasons.Concat(r.Usability.Reasons).Concat(r.Security.Reasons))})")))
    {
        Refused = refused;
    }

    /// <summary>The refused documents and why.</summary>
    public IReadOnlyList<ArchivalIngestResult> Refused { get; }
}

/// <summary>
/// Builds an archival information package for one service case in the shape GB/T 42727-2023 gives: the documents as
/// given, their metadata in XML, the validation report of every seal at ingest, the certificates, CRLs and time-stamps
/// later validation needs, a manifest with the SM3 of every file, and the archiving department's seal over the manifest
/// (GB/T 38540 SES_Signature) with its time-stamp. Each document passes the same checks as
/// <see cref="ArchivalPackageChecker"/> applies later (authenticity, usability, security); a document that fails is
/// refused unless <see cref="ArchivalPackageRequest.AcceptInvalid"/>. The ZIP is deterministic (sorted entries, fixed
/// entry times): the same request at the same time gives the same entries.
/// </summary>
public static class ArchivalPackageBuilder
{
    /// <summary>Builds the package.</summary>
    /// <exception cref="TrustFormatException">A document name is unsafe or repeated, or there are no documents (field names it).</exception>
    /// <exception cref="ArchivalIngestRefusedException">A document failed ingest and <see cref="ArchivalPackageRequest.AcceptInvalid"/> is false.</exception>
    /// <exception cref="SealUnusableException">The package seal is revoked, outside its validity or does not list the signer.</exception>
    /// <exception cref="TimestampException">The TSA refused or its token failed the client's checks.</exception>
    public static async Task<ArchivalPackageBuildResult> BuildAsync(ArchivalPackageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = request.TimeProvider ?? TimeProvider.System;
        var now = clock.GetUtcNow();
        if (request.Documents.Count == 0)
        {
            throw new TrustFormatException("documents", "A package needs at least one document.");
        }

        if (string.IsNullOrWhiteSpace(request.CaseId) || request.CaseId.Any(char.IsControl) || request.CaseId.Length > 200)
        {
            throw new TrustFormatException("case", "The case identifier must be 1-200 characters without control characters.");
        }

        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var results = new List<ArchivalIngestResult>();
        var verification = new ArchivalVerificationOptions
        {
            CertificateValidator = request.Verification.CertificateValidator,
            SealRegistry = request.Verification.SealRegistry,
            SealRevocations = request.Verification.SealRevocations,
            Intermediates = request.Verification.Intermediates,
            ValidationTime = request.Verification.ValidationTime ?? now,
        };
        foreach (var document in request.Documents)
        {
            if (ArchivalZip.UnsafeName(document.Name, 400) is { } why)
            {
                throw new TrustFormatException("documents/" + document.Name, $"Document name '{document.Name}': {why}.");
            }

            var path = ArchivalPackageLayout.DocumentsFolder + document.Name;
            if (entries.Keys.Any(k => string.Equals(k, path, StringComparison.OrdinalIgnoreCase)))
            {
                throw new TrustFormatException(path, $"Document name '{document.Name}' is given twice (names are compared ignoring case).");
            }

            var inspection = ArchivalDocumentInspector.Inspect(document.Bytes, verification);
            results.Add(new ArchivalIngestResult(document.Name, path, inspection.Format, inspection.Seals.Count,
                VerificationOutcome.FromReasons(inspection.Authenticity), VerificationOutcome.FromReasons(inspection.Usability), VerificationOutcome.FromReasons(inspection.Security)));
            entries[path] = document.Bytes;
            entries[ArchivalPackageLayout.MetadataOf(path)] = ArchivalXml.Document(document.Name, path, document.Bytes, inspection, now);
            entries[ArchivalPackageLayout.ReportOf(path)] = ArchivalXml.Report(path, inspection, now);
        }

        if (!request.AcceptInvalid && results.Where(r => !r.Passed).ToList() is { Count: > 0 } refused)
        {
            throw new ArchivalIngestRefusedException(refused);
        }

        AddEvidence(entries, ArchivalPackageLayout.CertificatesFolder, ".cer", [.. request.Certificates, .. request.Seal.CertificateChain]);
        AddEvidence(entries, ArchivalPackageLayout.CrlsFolder, ".crl", request.Crls);
        AddEvidence(entries, ArchivalPackageLayout.TimestampsFolder, ".tsr", request.Timestamps);
        entries[ArchivalPackageLayout.CasePath] = ArchivalXml.Case(request.CaseId, request.Title, now, request.Seal, results.Select(r => r.Path));

        var manifest = ArchivalXml.Manifest(request.CaseId, entries.Select(e => new ManifestEntry(e.Key, e.Value.LongLength, ArchivalPackageLayout.Sm3Hex(e.Value))));
        entries[ArchivalPackageLayout.ManifestPath] = manifest;

        var signer = new SealSigner(request.Verification.SealRevocations, clock);
        Core.Seals.Asn1.SesSignature signature;
        using (var data = new MemoryStream(manifest, writable: false))
        {
            signature = signer.Sign(request.Seal.Seal, request.Seal.SignerCertificate, request.Seal.Key, data, ArchivalPackageLayout.ManifestPath);
        }

        DateTimeOffset? stampedAt = null;
        if (request.TimestampClient is { } tsa)
        {
            signature = await SesSignatureTimestamp.AddAsync(signature, tsa, cancellationToken).ConfigureAwait(false);
            stampedAt = TimestampTokenVerifier.TryDecode(signature.TimeStamp!.Value, out var token) ? token!.Time : null;
        }

        entries[ArchivalPackageLayout.PackageSealPath] = signature.Encode();
        var package = ArchivalZip.Write(entries);
        return new ArchivalPackageBuildResult(package, results, entries.Count, ArchivalPackageLayout.Sm3Hex(package), stampedAt);
    }

    private static void AddEvidence(SortedDictionary<string, byte[]> entries, string folder, string extension, IEnumerable<byte[]> items)
    {
        foreach (var item in items)
        {
            entries[folder + ArchivalPackageLayout.Sm3Hex(item)[..24] + extension] = item;
        }
    }
}
