using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Timestamps;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Signing;
using Trust.Pdf.Internal.Verification;
using Trust.Pdf.Internal.Writer;

namespace Trust.Pdf.Internal.Archiving;

/// <summary>
/// Writes the B-LT update (document security store) and the B-LTA update (document time-stamp) of <see cref="PdfArchiver"/>.
/// </summary>
internal static class ArchiveSession
{
    /// <summary>Bytes reserved in /Contents for the document time-stamp token.</summary>
    internal const int TokenReserve = 16 * 1024;

    internal const string DocTimeStampSubFilter = "ETSI.RFC3161";

    private static readonly NameToken Dss = NameToken.Create("DSS");
    private static readonly NameToken CertsKey = NameToken.Create("Certs");
    private static readonly NameToken CrlsKey = NameToken.Create("CRLs");

    public static PdfArchiveResult Extend(Stream input, Stream output, PdfArchiveOptions options)
    {
        if (!input.CanSeek || !input.CanRead)
        {
            throw new ArgumentException("The input must be readable and seekable.", nameof(input));
        }

        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("The output must be readable, writable and seekable.", nameof(output));
        }

        if (options.Level == PdfArchiveLevel.LongTermArchive && options.TimestampClient is null)
        {
            throw new TrustFormatException("tsa", "A time-stamp authority is needed for B-LTA.");
        }

        int certCount, crlCount;
        using (var reader = PdfRevisionReader.Open(input))
        {
            if (reader.IsEncrypted)
            {
                throw new TrustFormatException("encrypt", "Encrypted PDFs cannot be extended.");
            }

            var fields = SignatureFields.All(reader).Where(f => f.FieldType == "Sig" && f.Value is not null).ToList();
            if (fields.Count == 0)
            {
                throw new TrustFormatException("signatures", "The PDF has no signature to extend.");
            }

            var certificates = new List<byte[]>();
            foreach (var field in fields)
            {
                CollectCertificates(reader, input, field, certificates);
            }

            certificates.AddRange(options.Certificates);
            var update = new IncrementalUpdate(reader.NextObjectNumber, reader.LastXref().Kind, reader.LastXref().Offset, reader.RootReference, reader.InfoReference, reader.Identifier);
            (certCount, crlCount) = AddStore(reader, update, certificates, options.Crls);

            output.SetLength(0);
            input.Position = 0;
            input.CopyTo(output, 1 << 20);
            var baseLength = output.Position;
            var endsWithEol = baseLength > 0 && SealingSession.LastByte(input, baseLength) is (byte)'\n' or (byte)'\r';
            update.WriteTo(output, baseLength, endsWithEol);
            output.Flush();
        }

        if (options.Level == PdfArchiveLevel.LongTerm)
        {
            return new PdfArchiveResult(certCount, crlCount, null, null);
        }

        var (name, time) = AddDocumentTimestamp(output, options.TimestampClient!, options.DigestAlgorithm);
        return new PdfArchiveResult(certCount, crlCount, name, time);
    }

    private static void CollectCertificates(PdfRevisionReader reader, Stream file, FormField field, List<byte[]> certificates)
    {
        if (reader.ResolveDictionary(field.Value, "V") is not { } signature)
        {
            return;
        }

        var (range, contents, problem) = ByteRangeCheck.Check(reader, file, field.Value, signature);
        if (problem is not null || contents is null || range is null)
        {
            return;
        }

        var subFilter = signature.TryGet(NameToken.SubFilter, out var sf) && reader.Resolve(sf) is NameToken n ? n.Data : null;
        if (subFilter == DocTimeStampSubFilter)
        {
            AddTokenCertificates(contents, certificates);
            return;
        }

        var cms = CmsVerifier.Verify(contents, file, range);
        certificates.AddRange(cms.Certificates);
        if (cms.SignatureTimestampToken is { } token)
        {
            AddTokenCertificates(token, certificates);
        }
    }

    private static void AddTokenCertificates(byte[] token, List<byte[]> certificates)
    {
        if (TimestampTokenVerifier.TryDecode(token, out var decoded) && decoded is not null)
        {
            certificates.Add(decoded.TsaCertificate.ToArray());
            certificates.AddRange(decoded.OtherCertificates);
        }
    }

    /// <summary>Adds the DSS (ISO 32000-2 section 12.8.4.3, ETSI EN 319 142-1 section 5.4.2), keeping what an earlier store holds.</summary>
    private static (int Certificates, int Crls) AddStore(PdfRevisionReader reader, IncrementalUpdate update, IReadOnlyList<byte[]> certificates, IReadOnlyList<byte[]> crls)
    {
        var catalog = reader.Catalog;
        DictionaryToken? existing = catalog.TryGet(Dss, out var dssToken) ? reader.ResolveDictionary(dssToken, "DSS") : null;
        var certs = Merge(reader, update, existing, CertsKey, certificates);
        var crlRefs = Merge(reader, update, existing, CrlsKey, crls);
        var store = (existing ?? new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.Type] = Dss }))
            .With(CertsKey, new ArrayToken(certs))
            .With(CrlsKey, new ArrayToken(crlRefs));
        if (dssToken is IndirectReferenceToken existingRef && existing is not null)
        {
            update.Add(existingRef.Data, store);
        }
        else
        {
            var storeRef = update.Allocate();
            update.Add(storeRef, store);
            update.Add(reader.RootReference, catalog.With(Dss, new IndirectReferenceToken(storeRef)));
        }

        return (certs.Count, crlRefs.Count);
    }

    private static List<IToken> Merge(PdfRevisionReader reader, IncrementalUpdate update, DictionaryToken? existing, NameToken key, IReadOnlyList<byte[]> items)
    {
        var result = new List<IToken>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (existing is not null && existing.TryGet(key, out var arrayToken) && reader.Resolve(arrayToken) is ArrayToken array)
        {
            foreach (var item in array.Data)
            {
                result.Add(item);
                if (reader.Resolve(item) is StreamToken s)
                {
                    seen.Add(Convert.ToHexString(s.Data.Span));
                }
            }
        }

        foreach (var item in items)
        {
            if (item.Length == 0 || !seen.Add(Convert.ToHexString(item)))
            {
                continue;
            }

            var reference = update.Allocate();
            update.Add(reference, new StreamToken(new DictionaryToken(new Dictionary<NameToken, IToken>()), item));
            result.Add(new IndirectReferenceToken(reference));
        }

        return result;
    }

    /// <summary>
    /// The B-LTA update: an invisible signature field whose /V is a /DocTimeStamp dictionary (ISO 32000-2 section
    /// 12.8.5, ETSI EN 319 142-1 section 5.5) with an RFC 3161 token over the byte range in /Contents.
    /// </summary>
    private static (string Name, DateTimeOffset Time) AddDocumentTimestamp(Stream output, ITimestampClient client, DigestAlgorithm algorithm)
    {
        using var reader = PdfRevisionReader.Open(output);
        var fields = SignatureFields.All(reader);
        var names = fields.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        var name = Enumerable.Range(1, int.MaxValue - 1).Select(i => "ArchiveTimestamp" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).First(n => !names.Contains(n));

        var (prevXref, kind) = reader.LastXref();
        var update = new IncrementalUpdate(reader.NextObjectNumber, kind, prevXref, reader.RootReference, reader.InfoReference, reader.Identifier);
        var signature = SignatureDictionary.Create(DocTimeStampSubFilter, TokenReserve, DateTimeOffset.UtcNow, null, null, false, "DocTimeStamp");
        var sigRef = update.Allocate();
        update.AddRaw(sigRef, signature.Body);
        var fieldRef = update.Allocate();
        update.Add(fieldRef, new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Annot,
            [NameToken.Subtype] = NameToken.Widget,
            [NameToken.Ft] = NameToken.Sig,
            [NameToken.T] = new StringToken(name),
            [NameToken.V] = new IndirectReferenceToken(sigRef),
            [NameToken.F] = new NumericToken(132), // Print | Locked
            [NameToken.Rect] = new ArrayToken([new NumericToken(0), new NumericToken(0), new NumericToken(0), new NumericToken(0)]),
        }));
        SealingSession.AddToAcroForm(reader, update, fieldRef, null);

        var baseLength = output.Length;
        output.Position = baseLength;
        var endsWithEol = baseLength > 0 && SealingSession.LastByte(output, baseLength) is (byte)'\n' or (byte)'\r';
        var offsets = update.WriteTo(output, baseLength, endsWithEol);
        var total = output.Position;
        var sigBody = offsets[sigRef];
        var contentsStart = sigBody + signature.ContentsOffset;
        var contentsEnd = contentsStart + signature.ContentsTokenLength;
        output.Position = sigBody + signature.ByteRangeOffset;
        output.Write(SignatureDictionary.FormatByteRange(contentsStart, contentsEnd, total - contentsEnd));
        output.Flush();

        var imprint = ByteRangeHasher.Hash(output, [0, contentsStart, contentsEnd, total - contentsEnd], algorithm);
        var token = client.GetTokenAsync(algorithm, imprint).GetAwaiter().GetResult();
        if (token.Length > TokenReserve)
        {
            throw new TrustFormatException("contents", $"The time-stamp token ({token.Length} bytes) does not fit the reserved space ({TokenReserve} bytes).");
        }

        TimestampTokenVerifier.TryDecode(token, out var decoded);
        output.Position = contentsStart + 1;
        output.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(token)));
        output.Position = total;
        output.Flush();
        return (name, decoded?.Time ?? DateTimeOffset.UtcNow);
    }
}
