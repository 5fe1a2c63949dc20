using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Core;

namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// Reads the document structure of one revision of a PDF with PdfPig: trailer, catalog,
/// page tree, AcroForm, cross-reference sections. Objects are returned as PdfPig tokens; the
/// reader never changes the bytes it reads.
/// </summary>
internal sealed class PdfRevisionReader : IDisposable
{
    private const int MaxDepth = 64;
    private readonly PdfDocument _document;
    private List<IndirectReference>? _pages;

    private PdfRevisionReader(PdfDocument document, Stream source, long length)
    {
        _document = document;
        Source = source;
        Length = length;
    }

    /// <summary>The stream read (not owned).</summary>
    public Stream Source { get; }

    /// <summary>Number of bytes of the revision.</summary>
    public long Length { get; }

    /// <summary>The end of the revision without trailing white space (what PdfPig reads).</summary>
    public long ContentEnd { get; private init; }

    /// <summary>Whether the document has an /Encrypt dictionary.</summary>
    public bool IsEncrypted => _document.IsEncrypted;

    /// <summary>Reference of the catalog (trailer /Root).</summary>
    public IndirectReference RootReference => _document.Structure.Trailer.Root;

    /// <summary>Reference of the document information dictionary, if any.</summary>
    public IndirectReference? InfoReference => _document.Structure.Trailer.Info is IndirectReferenceToken r ? r.Data : null;

    /// <summary>The trailer /ID array, if any.</summary>
    public IReadOnlyList<IToken>? Identifier => _document.Structure.Trailer.Identifier;

    /// <summary>The trailer /Size.</summary>
    public long TrailerSize => _document.Structure.Trailer.Size;

    /// <summary>Opens the first <paramref name="length"/> bytes of <paramref name="stream"/> (all when null).</summary>
    /// <exception cref="TrustFormatException">The bytes are not a PDF PdfPig can read.</exception>
    public static PdfRevisionReader Open(Stream stream, long? length = null)
    {
        var len = length ?? stream.Length;
        var limits = ParseLimits.Current;
        limits.ThrowIfHit();
        if (len > limits.MaxInputBytes)
        {
            throw limits.Fail("limit.input_size", $"The input is larger than {limits.MaxInputBytes} bytes.");
        }

        // Trailing white space is no part of the PDF; PdfPig's backwards search for startxref is
        // quadratic in whatever follows it, so startxref must be near the end and, for large files,
        // point at a cross-reference section (no byte-by-byte repair search).
        var contentEnd = InputCheck.EndOfContent(stream, len);
        if (!InputCheck.HasStartXrefNearEnd(stream, contentEnd))
        {
            throw new TrustFormatException("startxref", $"No startxref in the last {InputCheck.TailWindow} bytes.");
        }

        if (contentEnd > InputCheck.RepairLimit && !InputCheck.StartXrefPointsAtSection(stream, contentEnd))
        {
            throw new TrustFormatException("startxref", $"The startxref does not point at a cross-reference section, and files over {InputCheck.RepairLimit} bytes are not repaired.");
        }

        var view = new BoundedReadStream(stream, contentEnd);
        PdfDocument? doc = null;
        try
        {
            doc = PdfDocument.Open(view, new ParsingOptions
            {
                UseLenientParsing = true,
                SkipMissingFonts = true,
                FilterProvider = new LimitingFilterProvider(limits),
                MaxStackDepth = limits.MaxNestingDepth,
            });
            limits.ThrowIfHit();
            var reader = new PdfRevisionReader(doc, stream, len) { ContentEnd = contentEnd };
            var objects = doc.Structure.CrossReferenceTable.ObjectOffsets.Count;
            if (objects > limits.MaxObjects)
            {
                throw limits.Fail("limit.objects", $"The revision lists more than {limits.MaxObjects} objects.");
            }

            limits.AddObjectsRead(objects);

            return reader;
        }
        catch (Exception ex) when (ex is not TrustException and not OutOfMemoryException)
        {
            doc?.Dispose();
            limits.ThrowIfHit();
            if (IsNestingLimit(ex))
            {
                throw limits.Fail("limit.nesting_depth", "The objects are nested deeper than the parser allows.");
            }

            throw new TrustFormatException("pdf", "The file is not a readable PDF: " + ex.GetType().Name + ".", null, ex);
        }
        catch (TrustException)
        {
            doc?.Dispose();
            throw;
        }
    }

    /// <summary>The catalog dictionary.</summary>
    public DictionaryToken Catalog => ResolveDictionary(new IndirectReferenceToken(RootReference), "catalog")
        ?? throw new TrustFormatException("catalog", "The trailer /Root is not a dictionary.");

    /// <summary>Gets an object by reference, or null when missing or unreadable.</summary>
    public IToken? GetObject(IndirectReference reference)
    {
        try
        {
            return _document.Structure.GetObject(reference)?.Data;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (IsNestingLimit(ex))
            {
                // Recorded so that the verdict names the limit; the object reads as missing.
                _ = ParseLimits.Current.Fail("limit.nesting_depth", "An object is nested deeper than the parser allows.");
            }

            return null;
        }
    }

    /// <summary>Follows references until a direct object (or null).</summary>
    public IToken? Resolve(IToken? token)
    {
        for (var i = 0; i < MaxDepth && token is IndirectReferenceToken r; i++)
        {
            token = GetObject(r.Data);
        }

        return token is IndirectReferenceToken ? null : token;
    }

    /// <summary>Resolves to a dictionary (a stream's dictionary counts), or null.</summary>
    public DictionaryToken? ResolveDictionary(IToken? token, string field)
    {
        _ = field;
        return Resolve(token) switch
        {
            DictionaryToken d => d,
            StreamToken s => s.StreamDictionary,
            _ => null,
        };
    }

    /// <summary>Every object offset the cross-reference data lists (negative: in an object stream).</summary>
    public IReadOnlyDictionary<IndirectReference, long> ObjectOffsets => _offsets ??= _document.Structure.CrossReferenceTable.ObjectOffsets
        .ToDictionary(kv => kv.Key, kv => kv.Value.Type == XrefEntryType.File ? kv.Value.Value1 : -kv.Value.Value1);

    private Dictionary<IndirectReference, long>? _offsets;

    /// <summary>The greatest object number in use plus one, at least the trailer /Size.</summary>
    public long NextObjectNumber
    {
        get
        {
            var max = TrailerSize;
            foreach (var key in ObjectOffsets.Keys)
            {
                max = Math.Max(max, key.ObjectNumber + 1);
            }

            return max;
        }
    }

    /// <summary>The page objects in document order (page tree walk, ISO 32000-1 section 7.7.3.2).</summary>
    public IReadOnlyList<IndirectReference> Pages => _pages ??= WalkPages();

    /// <summary>The page dictionary for a 1-based page number, with inherited attributes resolved.</summary>
    public PageInfo GetPage(int pageNumber)
    {
        if (pageNumber < 1 || pageNumber > Pages.Count)
        {
            throw new TrustFormatException("page", $"Page {pageNumber} does not exist; the document has {Pages.Count} page(s).");
        }

        var reference = Pages[pageNumber - 1];
        var dict = ResolveDictionary(new IndirectReferenceToken(reference), "page")
            ?? throw new TrustFormatException("page", $"Page {pageNumber} is not a dictionary.");
        var mediaBox = InheritedArray(dict, "MediaBox") ?? [0, 0, 612, 792];
        var cropBox = InheritedArray(dict, "CropBox") ?? mediaBox;
        var rotate = 0;
        if (Inherited(dict, "Rotate") is NumericToken rot)
        {
            rotate = ((rot.Int % 360) + 360) % 360;
        }

        return new PageInfo(reference, dict, mediaBox, cropBox, rotate);
    }

    private IToken? Inherited(DictionaryToken page, string key)
    {
        var current = page;
        for (var i = 0; i < MaxDepth && current is not null; i++)
        {
            if (current.TryGet(NameToken.Create(key), out var value))
            {
                return Resolve(value);
            }

            current = current.TryGet(NameToken.Parent, out var parent) ? ResolveDictionary(parent, "parent") : null;
        }

        return null;
    }

    private double[]? InheritedArray(DictionaryToken page, string key)
    {
        if (Inherited(page, key) is not ArrayToken array || array.Length != 4)
        {
            return null;
        }

        var result = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (Resolve(array[i]) is not NumericToken n)
            {
                return null;
            }

            result[i] = n.Double;
        }

        return [Math.Min(result[0], result[2]), Math.Min(result[1], result[3]), Math.Max(result[0], result[2]), Math.Max(result[1], result[3])];
    }

    private List<IndirectReference> WalkPages()
    {
        var result = new List<IndirectReference>();
        if (!Catalog.TryGet(NameToken.Pages, out var pagesToken) || pagesToken is not IndirectReferenceToken root)
        {
            throw new TrustFormatException("catalog", "The catalog has no indirect /Pages.");
        }

        var seen = new HashSet<IndirectReference>();
        Walk(root.Data, 0);
        return result;

        void Walk(IndirectReference node, int depth)
        {
            if (depth > MaxDepth || !seen.Add(node))
            {
                throw new TrustFormatException("pages", "The page tree is too deep or has a cycle.");
            }

            var dict = ResolveDictionary(new IndirectReferenceToken(node), "page")
                ?? throw new TrustFormatException("pages", $"Page tree node {node} is not a dictionary.");
            if (dict.TryGet(NameToken.Kids, out var kidsToken) && Resolve(kidsToken) is ArrayToken kids)
            {
                foreach (var kid in kids.Data)
                {
                    if (kid is IndirectReferenceToken kidRef)
                    {
                        Walk(kidRef.Data, depth + 1);
                    }
                }
            }
            else
            {
                result.Add(node);
            }
        }
    }

    /// <summary>
    /// Where the last cross-reference section starts and what kind it is: the section the
    /// final startxref names if it points at one, otherwise the one PdfPig recovered.
    /// </summary>
    public (long Offset, XrefKind Kind) LastXref()
    {
        var declared = ReadDeclaredStartXref();
        if (declared is { } d && KindAt(d) is { } kind)
        {
            return (d, kind);
        }

        long best = -1;
        foreach (var part in _document.Structure.CrossReferenceTable.Parts)
        {
            best = Math.Max(best, part.Offset);
        }

        if (best >= 0 && KindAt(best) is { } recovered)
        {
            return (best, recovered);
        }

        // Search backwards from the end for an "xref" keyword at the start of a line.
        var found = FindLastXrefKeyword();
        if (found >= 0)
        {
            return (found, XrefKind.Table);
        }

        throw new TrustFormatException("startxref", "Cannot locate the last cross-reference section.");
    }

    private long? ReadDeclaredStartXref()
    {
        var tail = (int)Math.Min(ContentEnd, 2048);
        var buffer = new byte[tail];
        Source.Position = ContentEnd - tail;
        Source.ReadExactly(buffer);
        var idx = buffer.AsSpan().LastIndexOf("startxref"u8);
        if (idx < 0)
        {
            return null;
        }

        var i = idx + 9;
        while (i < tail && IsWhite(buffer[i]))
        {
            i++;
        }

        var start = i;
        while (i < tail && buffer[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        return i > start && long.TryParse(Encoding.ASCII.GetString(buffer, start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private XrefKind? KindAt(long offset)
    {
        if (offset < 0 || offset >= Length - 4)
        {
            return null;
        }

        var buffer = new byte[(int)Math.Min(64, Length - offset)];
        Source.Position = offset;
        Source.ReadExactly(buffer);
        var span = buffer.AsSpan();
        if (span.StartsWith("xref"u8))
        {
            return XrefKind.Table;
        }

        // "N G obj" of a cross-reference stream.
        var text = Encoding.ASCII.GetString(buffer);
        return System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d+\s+\d+\s+obj", System.Text.RegularExpressions.RegexOptions.NonBacktracking) ? XrefKind.Stream : null;
    }

    private long FindLastXrefKeyword()
    {
        var window = (int)Math.Min(Length, 1 << 20);
        var buffer = new byte[window];
        Source.Position = Length - window;
        Source.ReadExactly(buffer);
        var span = buffer.AsSpan();
        while (true)
        {
            var idx = span.LastIndexOf("xref"u8);
            if (idx < 0)
            {
                return -1;
            }

            if ((idx == 0 || buffer[idx - 1] is (byte)'\n' or (byte)'\r') && idx + 4 < window && IsWhite(buffer[idx + 4]))
            {
                return Length - window + idx;
            }

            span = span[..idx];
        }
    }

    private static bool IsNestingLimit(Exception? ex)
    {
        for (var i = 0; ex is not null && i < 8; i++, ex = ex.InnerException)
        {
            if (ex is PdfDocumentStackDepthException or InsufficientExecutionStackException)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsWhite(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public void Dispose() => _document.Dispose();
}

/// <summary>A page with its inherited geometry (ISO 32000-1 section 7.7.3.4).</summary>
internal sealed record PageInfo(IndirectReference Reference, DictionaryToken Dictionary, double[] MediaBox, double[] CropBox, int Rotate);
