using System.Text.RegularExpressions;
using System.Xml;
using Trust.Core;
using Trust.Pdf.Internal.Reader;
using UglyToad.PdfPig.Tokens;

namespace Trust.Documents.Archives;

/// <summary>
/// The security property of DA/T 70 for one file: no encryption, no active content, no external references.
/// PDF: every object of the current revision is walked (object streams included) and its dictionary keys and name
/// values are compared with the list below (ISO 32000-1 sections 7.6 encryption, 12.6.4 actions, 12.7.8 XFA,
/// 7.11 file specifications); names are matched after the parser's decoding, so <c>/J#61vaScript</c> is caught.
/// OFD and XML: every XML part is parsed with DTDs prohibited; URI actions, absolute URLs and XInclude are external.
/// </summary>
internal static partial class ArchivalSecurityScan
{
    /// <summary>Names that are active content wherever they occur as a key or a name value.</summary>
    private static readonly Dictionary<string, string> ActiveNames = new(StringComparer.Ordinal)
    {
        ["JavaScript"] = "javascript",
        ["JS"] = "javascript",
        ["Launch"] = "launch",
        ["XFA"] = "xfa",
        ["RichMedia"] = "rich_media",
        ["Rendition"] = "rendition",
        ["Movie"] = "movie",
        ["Sound"] = "sound",
    };

    /// <summary>Names that refer outside the file.</summary>
    private static readonly Dictionary<string, string> ExternalNames = new(StringComparer.Ordinal)
    {
        ["URI"] = "uri",
        ["GoToR"] = "goto_remote",
        ["SubmitForm"] = "submit_form",
        ["ImportData"] = "import_data",
        ["URL"] = "url_file_specification",
    };

    private const int MaxDepth = 64;

    public static IReadOnlyList<string> Pdf(byte[] pdf)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            using var stream = new MemoryStream(pdf, writable: false);
            using var reader = PdfRevisionReader.Open(stream);
            if (reader.IsEncrypted)
            {
                reasons.Add(ArchivalReasons.Encrypted);
            }

            foreach (var reference in reader.ObjectOffsets.Keys)
            {
                Walk(reader.GetObject(reference), reasons, 0);
            }
        }
        catch (TrustException)
        {
            // Unreadable: fall back to the raw bytes (trailers and cross-reference streams are never compressed).
            if (pdf.AsSpan().IndexOf("/Encrypt"u8) >= 0)
            {
                reasons.Add(ArchivalReasons.Encrypted);
            }

            if (pdf.AsSpan().IndexOf("/JavaScript"u8) >= 0 || pdf.AsSpan().IndexOf("/JS"u8) >= 0)
            {
                reasons.Add(ArchivalReasons.ActiveContent + ":javascript");
            }

            if (reasons.Count == 0)
            {
                reasons.Add(ArchivalReasons.NotChecked);
            }
        }

        return [.. reasons];
    }

    private static void Walk(IToken? token, SortedSet<string> reasons, int depth)
    {
        if (token is null || depth > MaxDepth)
        {
            return;
        }

        switch (token)
        {
            case StreamToken stream:
                Walk(stream.StreamDictionary, reasons, depth + 1);
                break;
            case DictionaryToken dictionary:
                foreach (var (key, value) in dictionary.Data)
                {
                    Name(key, reasons);
                    Walk(value, reasons, depth + 1);
                }

                break;
            case ArrayToken array:
                foreach (var item in array.Data)
                {
                    Walk(item, reasons, depth + 1);
                }

                break;
            case NameToken name:
                Name(name.Data, reasons);
                break;
        }
    }

    private static void Name(string name, SortedSet<string> reasons)
    {
        if (ActiveNames.TryGetValue(name, out var active))
        {
            reasons.Add(ArchivalReasons.ActiveContent + ":" + active);
        }
        else if (ExternalNames.TryGetValue(name, out var external))
        {
            reasons.Add(ArchivalReasons.ExternalReference + ":" + external);
        }
    }

    /// <summary>The XML parts of an OFD package: DTDs, URI actions and absolute URLs.</summary>
    public static IReadOnlyList<string> Ofd(IReadOnlyDictionary<string, byte[]> parts)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, data) in parts)
        {
            if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var reason in Xml(data))
                {
                    reasons.Add(reason);
                }
            }
        }

        return [.. reasons];
    }

    /// <summary>An XML file: a DTD (entities, external subsets), XInclude, stylesheet references, URI elements and absolute URLs in attributes.</summary>
    public static IReadOnlyList<string> Xml(byte[] xml)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        var sawElement = false;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), Settings(DtdProcessing.Prohibit));
            while (reader.Read())
            {
                sawElement |= reader.NodeType == XmlNodeType.Element;
                if (reader.NodeType == XmlNodeType.ProcessingInstruction && reader.Name == "xml-stylesheet")
                {
                    reasons.Add(ArchivalReasons.ExternalReference + ":stylesheet");
                }
                else if (reader.NodeType == XmlNodeType.Element)
                {
                    if (reader.NamespaceURI is "http://www.w3.org/2001/XInclude")
                    {
                        reasons.Add(ArchivalReasons.ExternalReference + ":xinclude");
                    }
                    else if (reader.LocalName == "URI")
                    {
                        reasons.Add(ArchivalReasons.ExternalReference + ":uri");
                    }

                    if (reader.HasAttributes)
                    {
                        while (reader.MoveToNextAttribute())
                        {
                            if (reader.Prefix != "xmlns" && reader.Name != "xmlns" && AbsoluteUrl().IsMatch(reader.Value))
                            {
                                reasons.Add(ArchivalReasons.ExternalReference + ":url");
                            }
                        }

                        reader.MoveToElement();
                    }
                }
            }
        }
        catch (XmlException) when (!sawElement && HasDoctype(xml))
        {
            reasons.Add(ArchivalReasons.XmlDtd);
        }
        catch (XmlException)
        {
            reasons.Add(ArchivalReasons.NotChecked);
        }

        return [.. reasons];
    }

    /// <summary>Whether the XML is well-formed (a DTD is skipped, never processed).</summary>
    public static bool WellFormed(byte[] xml)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), Settings(DtdProcessing.Ignore));
            while (reader.Read())
            {
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    /// <summary>Whether a <c>&lt;!DOCTYPE</c> precedes the root element (the prohibiting reader stopped at it).</summary>
    private static bool HasDoctype(byte[] xml)
    {
        var text = System.Text.Encoding.UTF8.GetString(xml, 0, Math.Min(xml.Length, 64 * 1024));
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        return doctype >= 0;
    }

    internal static XmlReaderSettings Settings(DtdProcessing dtd) => new()
    {
        DtdProcessing = dtd,
        XmlResolver = null,
        MaxCharactersInDocument = 256L << 20,
        MaxCharactersFromEntities = 0,
    };

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9+.\-]*://", RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteUrl();
}
