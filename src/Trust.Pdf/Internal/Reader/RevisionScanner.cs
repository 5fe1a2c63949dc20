namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// Finds the end of every revision of a PDF: the byte after each <c>%%EOF</c> marker and its
/// end-of-line (ISO 32000-1 section 7.5.6, incremental updates). Streams the file in chunks, once,
/// and stops with <c>limit.revisions</c> as soon as there are more revisions than the limit.
/// </summary>
internal static class RevisionScanner
{
    private static ReadOnlySpan<byte> Marker => "%%EOF"u8;

    /// <summary>Offsets just past each %%EOF (and a following CR, LF or CRLF), in file order.</summary>
    public static IReadOnlyList<long> FindRevisionEnds(Stream stream)
    {
        var limits = ParseLimits.Current;
        var maxRevisions = limits.MaxRevisions;
        var ends = new List<long>();
        var buffer = new byte[1 << 16];
        const int overlap = 6; // marker length + one byte of end-of-line lookahead
        long bufferStart = 0;
        var kept = 0;
        stream.Position = 0;
        while (true)
        {
            var read = stream.Read(buffer, kept, buffer.Length - kept);
            var available = kept + read;
            var atEnd = read == 0;
            var span = buffer.AsSpan(0, available);
            var searchLimit = atEnd ? available : Math.Max(0, available - overlap);
            var from = 0;
            while (from < searchLimit)
            {
                var idx = span[from..].IndexOf(Marker);
                if (idx < 0 || from + idx >= searchLimit)
                {
                    break;
                }

                var pos = from + idx + Marker.Length;
                if (pos < available && span[pos] == (byte)'\r')
                {
                    pos++;
                }

                if (pos < available && span[pos] == (byte)'\n')
                {
                    pos++;
                }

                ends.Add(bufferStart + pos);
                if (ends.Count > maxRevisions)
                {
                    throw limits.Fail("limit.revisions", $"The file has more than {maxRevisions} revisions.");
                }

                from = from + idx + Marker.Length;
            }

            if (atEnd)
            {
                break;
            }

            kept = Math.Min(available, overlap);
            if (available > searchLimit)
            {
                kept = available - searchLimit;
            }

            Buffer.BlockCopy(buffer, available - kept, buffer, 0, kept);
            bufferStart += available - kept;
        }

        return ends;
    }
}
