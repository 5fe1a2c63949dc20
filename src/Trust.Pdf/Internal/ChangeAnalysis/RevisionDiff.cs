using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Core;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.ChangeAnalysis;

/// <summary>
/// Compares one revision with the one before it and classifies every change (in the spirit of
/// ISO 32000-1 section 12.8.2.2, DocMDP, and of the incremental-saving / shadow attack papers):
/// permitted are new signature fields and widgets, signature dictionaries, filling an empty
/// signature field, AcroForm /Fields additions, page /Annots additions of signature widgets,
/// DSS and metadata; everything else that changes an existing object is not permitted.
/// A change the rules cannot judge is reported as not permitted, never silently accepted.
/// </summary>
internal static partial class RevisionDiff
{
    private const int MaxChangedObjects = 200_000;
    private const int MaxScanBytes = 64 * 1024 * 1024;
    private const int MaxUnreferencedReported = 100;

    [GeneratedRegex(@"(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectHeader();

    /// <param name="older">The previous revision.</param>
    /// <param name="newer">The revision analysed.</param>
    /// <param name="file">The whole file.</param>
    /// <param name="regionStart">First byte of the newer revision's appended bytes.</param>
    /// <param name="regionEnd">End of the newer revision's bytes.</param>
    /// <param name="revision">1-based number of the newer revision.</param>
    /// <param name="docMdp">DocMDP P of the certified document, or null.</param>
    public static List<PdfChange> Compare(PdfRevisionReader older, PdfRevisionReader newer, Stream file, long regionStart, long regionEnd, int revision, int? docMdp)
    {
        var changes = new List<PdfChange>();
        var roles = ObjectRoles.Of(older);

        if (!older.RootReference.Equals(newer.RootReference))
        {
            changes.Add(new(revision, newer.RootReference.ObjectNumber, "catalog-replaced", false, "The trailer points to a different catalog."));
        }

        if (newer.IsEncrypted != older.IsEncrypted)
        {
            changes.Add(new(revision, null, "encryption-changed", false, "Encryption was added or removed."));
        }

        // Objects whose cross-reference entry is new or points elsewhere.
        var oldOffsets = older.ObjectOffsets;
        var changed = new List<IndirectReference>();
        foreach (var (reference, offset) in newer.ObjectOffsets)
        {
            if (!oldOffsets.TryGetValue(reference, out var before) || before != offset)
            {
                changed.Add(reference);
            }
        }

        foreach (var reference in oldOffsets.Keys)
        {
            if (!newer.ObjectOffsets.ContainsKey(reference))
            {
                changes.Add(new(revision, reference.ObjectNumber, "object-deleted", false, $"Object {reference.ObjectNumber} was removed."));
            }
        }

        SectionChanges(older, newer, roles, regionStart, regionEnd, revision, changes);

        if (changed.Count > MaxChangedObjects)
        {
            changes.Add(new(revision, null, "too-many-changes", false, "The revision changes too many objects to analyse."));
            return changes;
        }

        ScanRegion(file, regionStart, regionEnd, newer, revision, changes);

        var reported = changes.Where(c => c.ObjectNumber is not null).Select(c => (c.ObjectNumber, c.Kind)).ToHashSet();
        foreach (var reference in changed.OrderBy(r => r.ObjectNumber))
        {
            var newOffset = newer.ObjectOffsets[reference];
            if (newOffset > 0 && newOffset < regionStart)
            {
                // Legitimate writers put new object versions in the new bytes; re-pointing an entry
                // at older bytes is the "hide-and-replace" shadow attack.
                if (!reported.Contains((reference.ObjectNumber, "xref-repointed")))
                {
                    changes.Add(new(revision, reference.ObjectNumber, "xref-repointed", false, $"The cross-reference entry of object {reference.ObjectNumber} was re-pointed at byte {newOffset} of an earlier revision."));
                }

                continue;
            }

            if (newOffset > 0 && !HeaderMatches(file, newOffset, reference))
            {
                changes.Add(new(revision, reference.ObjectNumber, "xref-mismatch", false, $"The cross-reference entry of object {reference.ObjectNumber} points at a different object."));
                continue;
            }

            var before = older.ObjectOffsets.ContainsKey(reference) ? older.GetObject(reference) : null;
            var after = newer.GetObject(reference);
            if (after is null)
            {
                changes.Add(new(revision, reference.ObjectNumber, "object-unreadable", false, $"Object {reference.ObjectNumber} cannot be read."));
                continue;
            }

            if (before is null)
            {
                NewObject(newer, reference, after, revision, regionEnd, changes);
                continue;
            }

            if (TokenComparer.Equal(before, after))
            {
                continue;
            }

            ChangedObject(older, newer, roles, reference, before, after, revision, docMdp, regionEnd, changes);
        }

        return changes;
    }

    /// <summary>
    /// The revision's own cross-reference section and trailer, read as written: an update may be
    /// nothing but a section, and every entry in it is a change. Freeing an object that was in use
    /// or changing its generation makes references to it resolve to null (ISO 32000-1 section
    /// 7.3.10), so the page or form that uses it shows something else; a smaller /Size hides the
    /// objects above it in some readers. A new /Info dictionary is metadata (permitted, named).
    /// </summary>
    private static void SectionChanges(PdfRevisionReader older, PdfRevisionReader newer, ObjectRoles roles, long regionStart, long regionEnd, int revision, List<PdfChange> changes)
    {
        if (newer.TrailerSize < older.TrailerSize)
        {
            changes.Add(new(revision, null, "trailer.size_shrunk", false, $"The trailer /Size shrank from {older.TrailerSize} to {newer.TrailerSize}; objects above it no longer exist for some readers."));
        }

        if (!Equals(newer.InfoReference, older.InfoReference))
        {
            changes.Add(new(revision, newer.InfoReference?.ObjectNumber, "trailer.info_changed", true, "The trailer points to a different document information dictionary."));
        }

        List<XrefEntry> entries;
        try
        {
            entries = XrefSection.LastSection(newer);
        }
        catch (TrustFormatException ex) when (ex is not PdfLimitException)
        {
            changes.Add(new(revision, null, "revision-unreadable", false, "The revision's cross-reference section cannot be read, so its entries cannot be judged."));
            return;
        }

        var generations = new Dictionary<long, int>();
        foreach (var key in older.ObjectOffsets.Keys)
        {
            generations[key.ObjectNumber] = key.Generation;
        }

        foreach (var entry in entries)
        {
            if (entry.ObjectNumber == 0 || !generations.TryGetValue(entry.ObjectNumber, out var generation))
            {
                continue;
            }

            var role = RoleOf(roles, new IndirectReference(entry.ObjectNumber, generation));
            if (entry.Type == 0)
            {
                changes.Add(new(revision, entry.ObjectNumber, "xref.entry_freed", false, $"The cross-reference entry of object {entry.ObjectNumber} ({role}) was marked free; references to it now resolve to null."));
            }
            else if (entry.Generation != generation)
            {
                changes.Add(new(revision, entry.ObjectNumber, "xref.generation_changed", false, $"The cross-reference entry of object {entry.ObjectNumber} ({role}) changed generation {generation} to {entry.Generation}; references to the old generation now resolve to null."));
            }
            else if (entry.Type == 1 && older.ObjectOffsets.TryGetValue(new IndirectReference(entry.ObjectNumber, generation), out var oldOffset)
                && entry.Value != oldOffset && (entry.Value < regionStart || entry.Value >= regionEnd))
            {
                // Offset 0, past the end or into older bytes: readers disagree on what the object is now
                // (PdfPig keeps the old entry, others read null or repair by scanning).
                changes.Add(new(revision, entry.ObjectNumber, "xref-repointed", false, $"The cross-reference entry of object {entry.ObjectNumber} ({role}) was re-pointed at byte {entry.Value}, outside this revision's bytes."));
            }
        }
    }

    private static string RoleOf(ObjectRoles roles, IndirectReference reference) =>
        roles.ContentStreams.Contains(reference) ? "page content"
        : roles.Resources.Contains(reference) ? "page resources"
        : roles.Pages.Contains(reference) ? "page"
        : roles.Fields.ContainsKey(reference) ? "form field"
        : roles.Annotations.Contains(reference) ? "annotation"
        : reference.Equals(roles.AcroForm) ? "AcroForm"
        : "object";

    /// <summary>
    /// Objects defined in the revision's bytes that no cross-reference entry points to: an
    /// incremental saving attack without xref relies on readers that recover such objects.
    /// </summary>
    private static void ScanRegion(Stream file, long start, long end, PdfRevisionReader newer, int revision, List<PdfChange> changes)
    {
        var length = end - start;
        if (length <= 0)
        {
            return;
        }

        if (length > MaxScanBytes)
        {
            changes.Add(new(revision, null, "revision-too-large", false, "The revision is too large to scan for unreferenced objects."));
            return;
        }

        var bytes = new byte[length];
        file.Position = start;
        file.ReadExactly(bytes);
        var text = Encoding.Latin1.GetString(bytes);
        var listed = newer.ObjectOffsets;
        var spans = ListedSpans(newer, text, start);
        var meaningful = text.Contains("startxref", StringComparison.Ordinal);
        var unreferenced = 0;
        foreach (Match m in ObjectHeader().Matches(text))
        {
            var at = start + m.Index;
            if (Inside(spans, at))
            {
                continue; // inside the body of a listed object (for example stream data)
            }

            meaningful = true;
            var number = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var gen = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (!listed.TryGetValue(new IndirectReference(number, gen), out var offset) || offset != at)
            {
                if (++unreferenced > MaxUnreferencedReported)
                {
                    changes.Add(new(revision, null, "unreferenced-object", false, $"More than {MaxUnreferencedReported} objects are defined without a cross-reference entry; the rest are not listed."));
                    break;
                }

                changes.Add(new(revision, number, "unreferenced-object", false, $"Object {number} is defined at byte {at} without a cross-reference entry."));
            }
        }

        if (!meaningful && text.AsSpan().Trim(" \t\r\n\f\0").Length > 0)
        {
            changes.Add(new(revision, null, "trailing-bytes", false, "Unsigned bytes follow the signed revision."));
        }
    }

    /// <summary>
    /// Byte spans [stream keyword, end of endobj) of the stream objects the cross-reference data lists
    /// inside the region (their data may hold any bytes), sorted and with overlapping spans merged. Keyword positions are found once and looked
    /// up by binary search, so the work is linear in the region plus n log n in the objects listed.
    /// </summary>
    private static List<(long Start, long End)> ListedSpans(PdfRevisionReader newer, string text, long start)
    {
        var endobjs = Positions(text, "endobj");
        var streams = Positions(text, "stream");
        var spans = new List<(long Start, long End)>();
        foreach (var (reference, offset) in newer.ObjectOffsets)
        {
            if (offset < start || offset >= start + text.Length)
            {
                continue;
            }

            // Only stream data may hide text that looks like an object header; the body of any other
            // object is checked too (a recovering reader would take a header hidden in it).
            var local = (int)(offset - start);
            if (newer.GetObject(reference) is not StreamToken stream || NextAtOrAfter(streams, local) is not (>= 0 and var kw))
            {
                continue;
            }

            var dataEnd = (int)Math.Min(text.Length, kw + 6L + stream.Data.Length);
            var end = NextAtOrAfter(endobjs, dataEnd);
            spans.Add((start + kw, end >= 0 && end - dataEnd <= 64 ? start + end + 6 : start + dataEnd));
        }

        spans.Sort();
        var merged = new List<(long Start, long End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start < merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    /// <summary>Whether <paramref name="at"/> lies strictly inside one of the sorted, disjoint spans.</summary>
    private static bool Inside(List<(long Start, long End)> spans, long at)
    {
        int lo = 0, hi = spans.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (spans[mid].Start < at)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && at < spans[found].End;
    }

    private static List<int> Positions(string text, string keyword)
    {
        var result = new List<int>();
        for (var i = text.IndexOf(keyword, StringComparison.Ordinal); i >= 0; i = text.IndexOf(keyword, i + 1, StringComparison.Ordinal))
        {
            result.Add(i);
        }

        return result;
    }

    private static int NextAtOrAfter(List<int> sorted, int from)
    {
        var i = sorted.BinarySearch(from);
        if (i < 0)
        {
            i = ~i;
        }

        return i < sorted.Count ? sorted[i] : -1;
    }

    [GeneratedRegex(@"^\s*([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderAtStart();

    private static bool HeaderMatches(Stream file, long offset, IndirectReference reference)
    {
        if (offset < 0 || offset >= file.Length)
        {
            return false;
        }

        var buffer = new byte[(int)Math.Min(40, file.Length - offset)];
        file.Position = offset;
        file.ReadExactly(buffer);
        var m = HeaderAtStart().Match(Encoding.Latin1.GetString(buffer));
        return m.Success && m.Groups[1].Value == reference.ObjectNumber.ToString(CultureInfo.InvariantCulture)
            && m.Groups[2].Value == reference.Generation.ToString(CultureInfo.InvariantCulture);
    }

    private static void NewObject(PdfRevisionReader newer, IndirectReference reference, IToken after, int revision, long regionEnd, List<PdfChange> changes)
    {
        if (after is DictionaryToken dict && IsSignatureField(newer, dict))
        {
            var name = dict.TryGet(NameToken.T, out var t) ? SignatureFields.TextOf(newer.Resolve(t)) : null;
            if (SignatureAdditionIsPermitted(newer, dict, regionEnd))
            {
                changes.Add(new(revision, reference.ObjectNumber, "signature-added", true, $"Signature field '{name}' added."));
            }
            else
            {
                changes.Add(new(revision, reference.ObjectNumber, "signature.unsigned_visible_field", false, $"Signature field '{name}' added with a widget that draws on the page but no signature of its own covering it."));
            }
        }
    }

    private static void ChangedObject(PdfRevisionReader older, PdfRevisionReader newer, ObjectRoles roles, IndirectReference reference, IToken before, IToken after, int revision, int? docMdp, long regionEnd, List<PdfChange> changes)
    {
        var n = reference.ObjectNumber;
        void Bad(string kind, string description) => changes.Add(new(revision, n, kind, false, description));
        void Good(string kind, string description) => changes.Add(new(revision, n, kind, true, description));

        if (reference.Equals(older.RootReference))
        {
            if (before is not DictionaryToken oldCat || after is not DictionaryToken newCat)
            {
                Bad("catalog-changed", "The catalog changed type.");
                return;
            }

            foreach (var key in TokenComparer.DifferingKeys(oldCat, newCat))
            {
                switch (key)
                {
                    case "AcroForm":
                        if (!AcroFormChangeIsPermitted(older, newer, oldCat.Data.GetValueOrDefault(key), newCat.Data.GetValueOrDefault(key), regionEnd))
                        {
                            Bad("acroform-changed", "The AcroForm changed beyond adding signature fields.");
                        }

                        break;
                    case "DSS":
                        Good("dss", "Document security store added or updated.");
                        break;
                    case "Metadata":
                        Good("metadata", "XMP metadata reference changed.");
                        break;
                    default:
                        Bad("catalog-changed", $"Catalog entry /{key} changed.");
                        break;
                }
            }

            return;
        }

        if (roles.AcroForm is { } af && reference.Equals(af))
        {
            if (!AcroFormChangeIsPermitted(older, newer, before, after, regionEnd))
            {
                Bad("acroform-changed", "The AcroForm changed beyond adding signature fields.");
            }

            return;
        }

        if (roles.FieldsArray is { } fa && reference.Equals(fa))
        {
            if (!ArrayOnlyGrewWith(newer, before, after, d => IsSignatureField(newer, d) && SignatureAdditionIsPermitted(newer, d, regionEnd)))
            {
                Bad("acroform-changed", "Form fields other than signature fields were added or removed.");
            }

            return;
        }

        if (roles.Pages.Contains(reference))
        {
            if (before is not DictionaryToken oldPage || after is not DictionaryToken newPage)
            {
                Bad("page-changed", $"Page object {n} changed type.");
                return;
            }

            foreach (var key in TokenComparer.DifferingKeys(oldPage, newPage))
            {
                if (key == "Annots" && AnnotsChangeIsPermitted(older, newer, oldPage.Data.GetValueOrDefault(key), newPage.Data.GetValueOrDefault(key), regionEnd))
                {
                    continue;
                }

                Bad(key switch { "Contents" => "page-content", "Resources" => "resources", "Annots" => "annotation-added", _ => "page-changed" }, $"Page entry /{key} changed.");
            }

            return;
        }

        if (roles.AnnotsArrays.Contains(reference))
        {
            if (!AnnotsChangeIsPermitted(older, newer, before, after, regionEnd))
            {
                Bad("annotation-added", "Annotations other than signature widgets were added or removed.");
            }

            return;
        }

        if (roles.Fields.TryGetValue(reference, out var field) && before is DictionaryToken oldField && after is DictionaryToken newField)
        {
            var keys = TokenComparer.DifferingKeys(oldField, newField);
            if (field.FieldType == "Sig" && field.Value is null && keys.All(k => k is "V" or "AP" or "AS")
                && newer.ResolveDictionary(newField.Data.GetValueOrDefault("V"), "sig") is not null
                && (!keys.Contains("AP") || SignedInRevision(newer, newField, regionEnd)))
            {
                Good("signature-added", $"Empty signature field '{field.FullName}' signed.");
                return;
            }

            if (field.FieldType != "Sig" && docMdp is >= 2 && keys.All(k => k is "V" or "AP" or "AS"))
            {
                Good("form-filled", $"Form field '{field.FullName}' filled in (allowed by DocMDP P={docMdp}).");
                return;
            }

            Bad("form-changed", $"Form field '{field.FullName}' changed (/{string.Join(", /", keys)}).");
            return;
        }

        if (roles.Info is { } info && reference.Equals(info))
        {
            Good("metadata", "Document information dictionary updated.");
            return;
        }

        if ((roles.Metadata is { } md && reference.Equals(md)) || (roles.Dss is { } dss && reference.Equals(dss)))
        {
            Good(reference.Equals(roles.Dss) ? "dss" : "metadata", "Metadata or DSS updated.");
            return;
        }

        if (after is StreamToken s && s.StreamDictionary.TryGet(NameToken.Type, out var type) && type is NameToken { Data: "ObjStm" or "XRef" })
        {
            return; // structural: the objects inside are compared one by one
        }

        var kind = roles.ContentStreams.Contains(reference) ? "page-content"
            : roles.Resources.Contains(reference) ? "resources"
            : roles.Annotations.Contains(reference) ? "annotation-changed"
            : "object-changed";
        Bad(kind, $"Object {n} was changed after signing.");
    }

    private static bool AcroFormChangeIsPermitted(PdfRevisionReader older, PdfRevisionReader newer, IToken? before, IToken? after, long regionEnd)
    {
        var oldForm = before is null ? new DictionaryToken(new Dictionary<NameToken, IToken>()) : older.ResolveDictionary(before, "AcroForm");
        var newForm = newer.ResolveDictionary(after, "AcroForm");
        if (oldForm is null || newForm is null)
        {
            return false;
        }

        foreach (var key in TokenComparer.DifferingKeys(oldForm, newForm))
        {
            switch (key)
            {
                case "SigFlags":
                    continue;
                case "Fields":
                    var oldFields = older.Resolve(oldForm.Data.GetValueOrDefault(key)) ?? new ArrayToken([]);
                    var newFields = newer.Resolve(newForm.Data.GetValueOrDefault(key));
                    if (newFields is null || !ArrayOnlyGrewWith(newer, oldFields, newFields, d => IsSignatureField(newer, d) && SignatureAdditionIsPermitted(newer, d, regionEnd)))
                    {
                        return false;
                    }

                    continue;
                default:
                    // A different reference to the same content is fine; anything else is not.
                    if (!TokenComparer.Equal(older.Resolve(oldForm.Data.GetValueOrDefault(key)), newer.Resolve(newForm.Data.GetValueOrDefault(key))))
                    {
                        return false;
                    }

                    continue;
            }
        }

        return true;
    }

    private static bool AnnotsChangeIsPermitted(PdfRevisionReader older, PdfRevisionReader newer, IToken? before, IToken? after, long regionEnd) =>
        newer.Resolve(after) is ArrayToken newArray
        && ArrayOnlyGrewWith(newer, older.Resolve(before) ?? new ArrayToken([]), newArray, d => (IsSignatureField(newer, d) || IsWidgetOfSignatureField(newer, d)) && SignatureAdditionIsPermitted(newer, d, regionEnd));

    /// <summary>True when every old element is kept in order and every added one is a reference to a dictionary that satisfies <paramref name="allowed"/>.</summary>
    private static bool ArrayOnlyGrewWith(PdfRevisionReader newer, IToken before, IToken after, Func<DictionaryToken, bool> allowed)
    {
        if (before is not ArrayToken oldArray || after is not ArrayToken newArray || newArray.Data.Count < oldArray.Data.Count)
        {
            return false;
        }

        for (var i = 0; i < oldArray.Data.Count; i++)
        {
            if (!TokenComparer.Equal(oldArray.Data[i], newArray.Data[i]))
            {
                return false;
            }
        }

        return newArray.Data.Skip(oldArray.Data.Count).All(t => t is IndirectReferenceToken r && newer.ResolveDictionary(r, "element") is { } d && allowed(d));
    }

    private static bool IsSignatureField(PdfRevisionReader reader, DictionaryToken dict) =>
        dict.TryGet(NameToken.Ft, out var ft) && reader.Resolve(ft) is NameToken { Data: "Sig" };

    private static bool IsWidgetOfSignatureField(PdfRevisionReader reader, DictionaryToken dict) =>
        dict.TryGet(NameToken.Subtype, out var st) && reader.Resolve(st) is NameToken { Data: "Widget" }
        && dict.TryGet(NameToken.Parent, out var parent) && reader.ResolveDictionary(parent, "parent") is { } p && IsSignatureField(reader, p);
}
