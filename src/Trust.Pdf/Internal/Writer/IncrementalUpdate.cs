using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.Writer;

/// <summary>
/// One incremental update (ISO 32000-1 section 7.5.6): new and replaced objects, a
/// cross-reference section of the requested kind with /Prev, a trailer, startxref and %%EOF.
/// Knows nothing of signing; it only appends after the original bytes and reports where each
/// object landed. Offsets are 64-bit throughout.
/// </summary>
internal sealed class IncrementalUpdate
{
    private readonly List<(IndirectReference Reference, byte[] Body)> _objects = [];
    private long _nextNumber;

    public IncrementalUpdate(long nextObjectNumber, XrefKind kind, long previousXref, IndirectReference root, IndirectReference? info, IReadOnlyList<IToken>? id)
    {
        _nextNumber = nextObjectNumber;
        Kind = kind;
        PreviousXref = previousXref;
        Root = root;
        Info = info;
        Id = id;
    }

    public XrefKind Kind { get; }

    public long PreviousXref { get; }

    public IndirectReference Root { get; }

    public IndirectReference? Info { get; }

    public IReadOnlyList<IToken>? Id { get; }

    /// <summary>Allocates a new object number (generation 0).</summary>
    public IndirectReference Allocate() => new(_nextNumber++, 0);

    /// <summary>Adds (or replaces) an object with a serialised token.</summary>
    public void Add(IndirectReference reference, IToken token) => AddRaw(reference, PdfObjectSerializer.ToBytes(token));

    /// <summary>Adds an object whose body (between "obj" and "endobj") is already serialised.</summary>
    public void AddRaw(IndirectReference reference, byte[] body)
    {
        _objects.RemoveAll(o => o.Reference.Equals(reference));
        _objects.Add((reference, body));
    }

    /// <summary>
    /// Appends the update to <paramref name="output"/>, which is positioned at the end of the
    /// original bytes (<paramref name="baseLength"/> bytes long, ending with <paramref name="endsWithEol"/>).
    /// Returns the absolute offset of each object's body start.
    /// </summary>
    public IReadOnlyDictionary<IndirectReference, long> WriteTo(Stream output, long baseLength, bool endsWithEol)
    {
        var position = baseLength;
        var bodyOffsets = new Dictionary<IndirectReference, long>();
        var objectOffsets = new SortedDictionary<long, (long Offset, int Generation)>();

        void Emit(ReadOnlySpan<byte> bytes)
        {
            output.Write(bytes);
            position += bytes.Length;
        }

        void EmitAscii(string text) => Emit(Encoding.ASCII.GetBytes(text));

        if (!endsWithEol)
        {
            EmitAscii("\n");
        }

        foreach (var (reference, body) in _objects)
        {
            objectOffsets[reference.ObjectNumber] = (position, reference.Generation);
            EmitAscii(string.Create(CultureInfo.InvariantCulture, $"{reference.ObjectNumber} {reference.Generation} obj\n"));
            bodyOffsets[reference] = position;
            Emit(body);
            EmitAscii("\nendobj\n");
        }

        var xrefOffset = position;
        if (Kind == XrefKind.Table)
        {
            var size = Math.Max(_nextNumber, objectOffsets.Count == 0 ? 0 : objectOffsets.Keys.Max() + 1);
            EmitAscii("xref\n");
            foreach (var run in Runs(objectOffsets.Keys))
            {
                EmitAscii(string.Create(CultureInfo.InvariantCulture, $"{run.Start} {run.Count}\n"));
                for (var n = run.Start; n < run.Start + run.Count; n++)
                {
                    var (offset, gen) = objectOffsets[n];
                    EmitAscii(string.Create(CultureInfo.InvariantCulture, $"{offset:D10} {gen:D5} n\r\n"));
                }
            }

            using var trailer = new MemoryStream();
            PdfObjectSerializer.Write(TrailerDictionary(size), trailer);
            EmitAscii("trailer\n");
            Emit(trailer.ToArray());
            EmitAscii("\n");
        }
        else
        {
            var self = Allocate();
            objectOffsets[self.ObjectNumber] = (xrefOffset, 0);
            var size = _nextNumber;
            var maxOffset = objectOffsets.Values.Max(v => v.Offset);
            var width = 1;
            while (width < 8 && (maxOffset >> (8 * width)) > 0)
            {
                width++;
            }

            width = Math.Max(width, 4);
            var data = new List<byte>();
            var index = new List<IToken>();
            foreach (var run in Runs(objectOffsets.Keys))
            {
                index.Add(new NumericToken(run.Start));
                index.Add(new NumericToken(run.Count));
                for (var n = run.Start; n < run.Start + run.Count; n++)
                {
                    var (offset, gen) = objectOffsets[n];
                    data.Add(1);
                    for (var b = width - 1; b >= 0; b--)
                    {
                        data.Add((byte)(offset >> (8 * b)));
                    }

                    data.Add((byte)(gen >> 8));
                    data.Add((byte)gen);
                }
            }

            var dict = TrailerDictionary(size)
                .With(NameToken.Type, NameToken.Xref)
                .With(NameToken.W, new ArrayToken([new NumericToken(1), new NumericToken(width), new NumericToken(2)]))
                .With(NameToken.Index, new ArrayToken(index));
            var stream = new StreamToken(dict, data.ToArray());
            EmitAscii(string.Create(CultureInfo.InvariantCulture, $"{self.ObjectNumber} 0 obj\n"));
            Emit(PdfObjectSerializer.ToBytes(stream));
            EmitAscii("\nendobj\n");
        }

        EmitAscii(string.Create(CultureInfo.InvariantCulture, $"startxref\n{xrefOffset}\n%%EOF\n"));
        return bodyOffsets;
    }

    private DictionaryToken TrailerDictionary(long size)
    {
        var entries = new Dictionary<NameToken, IToken>
        {
            [NameToken.Size] = new NumericToken(size),
            [NameToken.Root] = new IndirectReferenceToken(Root),
            [NameToken.Prev] = new NumericToken(PreviousXref),
        };
        if (Info is { } info)
        {
            entries[NameToken.Info] = new IndirectReferenceToken(info);
        }

        if (Id is { Count: 2 } id)
        {
            entries[NameToken.Id] = new ArrayToken(id);
        }

        return new DictionaryToken(entries);
    }

    private static IEnumerable<(long Start, long Count)> Runs(IEnumerable<long> sortedNumbers)
    {
        long start = -1, count = 0;
        foreach (var n in sortedNumbers)
        {
            if (count > 0 && n == start + count)
            {
                count++;
                continue;
            }

            if (count > 0)
            {
                yield return (start, count);
            }

            start = n;
            count = 1;
        }

        if (count > 0)
        {
            yield return (start, count);
        }
    }
}
