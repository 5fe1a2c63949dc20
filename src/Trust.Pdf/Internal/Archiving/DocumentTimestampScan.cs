using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Signing;
using Trust.Pdf.Internal.Verification;

namespace Trust.Pdf.Internal.Archiving;

/// <summary>
/// What <see cref="ArchiveRenewal"/> needs of a PDF: whether it is sealed (so a document time-stamp can be added by
/// <see cref="PdfArchiver"/>), and its newest document time-stamp (the one whose byte range ends last), checked: imprint
/// over its byte range, TSA signature, TSA chain at <c>now</c>.
/// </summary>
internal static class DocumentTimestampScan
{
    /// <summary>The scan of one PDF.</summary>
    /// <param name="Sealed">It is a readable, unencrypted PDF with at least one signature (PdfArchiver can extend it).</param>
    /// <param name="Newest">The newest document time-stamp's token, decoded; null when there is none.</param>
    /// <param name="Reasons">Problems of the newest document time-stamp (<c>timestamp.*</c>); empty when valid.</param>
    internal sealed record Result(bool Sealed, TimestampToken? Newest, IReadOnlyList<string> Reasons);

    /// <summary>True when the file starts like a PDF (<c>%PDF-</c> in its first kilobyte, ISO 32000-2 section 7.5.2).</summary>
    public static bool LooksLikePdf(Stream file)
    {
        var head = new byte[1024];
        file.Position = 0;
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return head.AsSpan(0, read).IndexOf("%PDF-"u8) >= 0;
    }

    public static Result Scan(Stream file, ICertificateValidator validator, DateTimeOffset now)
    {
        using var reader = PdfRevisionReader.Open(file);
        if (reader.IsEncrypted)
        {
            return new Result(false, null, []);
        }

        var fields = SignatureFields.All(reader).Where(f => f.FieldType == "Sig" && f.Value is not null).ToList();
        if (fields.Count == 0)
        {
            return new Result(false, null, []);
        }

        (long End, byte[] Token, long[] Range)? newest = null;
        var structural = new List<string>();
        foreach (var field in fields.Where(f => DocumentTimestampCheck.IsDocumentTimestamp(reader, f)))
        {
            var signature = reader.ResolveDictionary(field.Value, "V")!;
            var (range, contents, problem) = ByteRangeCheck.Check(reader, file, field.Value, signature);
            if (problem is not null || range is null || contents is null)
            {
                structural.Add(problem ?? TimestampReasons.Malformed);
                continue;
            }

            var end = range[2] + range[3];
            if (newest is null || end > newest.Value.End)
            {
                newest = (end, contents, range);
            }
        }

        if (newest is not { } found)
        {
            return new Result(true, null, structural);
        }

        if (!TimestampTokenVerifier.TryDecode(found.Token, out var token) || token is null)
        {
            return new Result(true, null, [TimestampReasons.Malformed]);
        }

        DigestAlgorithm? algorithm = token.ImprintAlgorithmOid switch
        {
            SignatureAlgorithms.Sm3Oid => DigestAlgorithm.Sm3,
            "2.16.840.1.101.3.4.2.1" => DigestAlgorithm.Sha256,
            _ => null,
        };
        if (algorithm is null)
        {
            // An imprint algorithm this library does not compute (SHA-1, ...): the policy decides whether it is still trusted.
            return new Result(true, token, []);
        }

        var digest = ByteRangeHasher.Hash(file, found.Range, algorithm.Value);
        var check = TimestampTokenVerifier.VerifyImprint(found.Token, algorithm.Value, digest, validator, now);
        return new Result(true, token, check.Reasons);
    }
}
