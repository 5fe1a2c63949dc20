using System.Globalization;
using System.Text;
using System.Xml;
using Trust.Core.Results;
using Trust.Pdf;

namespace Trust.Documents.Archives;

/// <summary>One line of <c>manifest.xml</c>: a file of the package, its size and SM3 (GB/T 32905) digest.</summary>
/// <param name="Path">The entry name.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Sm3">Its SM3 digest, lower-case hex.</param>
internal sealed record ManifestEntry(string Path, long Size, string Sm3);

/// <summary>What a document's metadata record says (read back at check time).</summary>
internal sealed record DocumentRecord(string Path, long Size, string Sm3, string Format, int Seals);

/// <summary>
/// The XML parts of a package (namespace <see cref="Namespace"/>): the manifest, the case and document metadata, and
/// the ingest validation reports. Written by one deterministic writer (UTF-8 without BOM, LF, two-space indent);
/// read with DTDs prohibited.
/// </summary>
internal static class ArchivalXml
{
    public const string Namespace = "urn:trust:archive:1";

    public static byte[] Manifest(string caseId, IEnumerable<ManifestEntry> entries) => Write(w =>
    {
        w.WriteStartElement("Manifest", Namespace);
        w.WriteAttributeString("Version", "1");
        w.WriteAttributeString("CaseId", caseId);
        w.WriteAttributeString("DigestAlgorithm", "SM3");
        foreach (var e in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            w.WriteStartElement("File", Namespace);
            w.WriteAttributeString("Path", e.Path);
            w.WriteAttributeString("Size", e.Size.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("SM3", e.Sm3);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    /// <summary>The manifest's entries.</summary>
    /// <exception cref="FormatException">Not a manifest: malformed XML, a missing or bad attribute, a duplicate or unsafe path.</exception>
    public static (string CaseId, IReadOnlyList<ManifestEntry> Entries) ReadManifest(byte[] xml)
    {
        var doc = Load(xml);
        var root = doc.DocumentElement;
        if (root is null || root.LocalName != "Manifest" || root.NamespaceURI != Namespace)
        {
            throw new FormatException("the root element is not Manifest");
        }

        var entries = new List<ManifestEntry>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in root.ChildNodes.OfType<XmlElement>())
        {
            var path = file.GetAttribute("Path");
            if (file.LocalName != "File" || ArchivalZip.UnsafeName(path, 4096) is not null || !seen.Add(path))
            {
                throw new FormatException($"bad or duplicate File entry '{path}'");
            }

            if (!long.TryParse(file.GetAttribute("Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new FormatException($"File '{path}': bad Size");
            }

            var sm3 = file.GetAttribute("SM3");
            if (sm3.Length != 64 || !sm3.All(Uri.IsHexDigit))
            {
                throw new FormatException($"File '{path}': bad SM3");
            }

            entries.Add(new ManifestEntry(path, size, sm3.ToLowerInvariant()));
        }

        return (root.GetAttribute("CaseId"), entries);
    }

    public static byte[] Case(string caseId, string? title, DateTimeOffset created, ArchivalPackageSeal seal, IEnumerable<string> documentPaths) => Write(w =>
    {
        w.WriteStartElement("Case", Namespace);
        w.WriteAttributeString("Id", caseId);
        w.WriteAttributeString("Created", Time(created));
        if (title is not null)
        {
            w.WriteElementString("Title", Namespace, title);
        }

        w.WriteStartElement("ArchivingDepartment", Namespace);
        w.WriteAttributeString("Name", seal.Department ?? seal.Seal.SealInfo.Property.Name);
        w.WriteAttributeString("SealId", seal.Seal.SealInfo.EsId);
        w.WriteEndElement();
        foreach (var path in documentPaths)
        {
            w.WriteStartElement("Document", Namespace);
            w.WriteAttributeString("Path", path);
            w.WriteAttributeString("Metadata", ArchivalPackageLayout.MetadataOf(path));
            w.WriteAttributeString("ValidationReport", ArchivalPackageLayout.ReportOf(path));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    public static byte[] Document(string name, string path, byte[] data, DocumentInspection inspection, DateTimeOffset ingested) => Write(w =>
    {
        w.WriteStartElement("Document", Namespace);
        w.WriteAttributeString("Name", name);
        w.WriteAttributeString("Path", path);
        w.WriteAttributeString("Format", inspection.Format);
        w.WriteAttributeString("Size", data.LongLength.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("SM3", ArchivalPackageLayout.Sm3Hex(data));
        w.WriteAttributeString("SHA256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)));
        w.WriteAttributeString("Ingested", Time(ingested));
        w.WriteStartElement("Seals", Namespace);
        w.WriteAttributeString("Count", inspection.Seals.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var seal in inspection.Seals)
        {
            w.WriteStartElement("Seal", Namespace);
            Attributes(w, seal);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    });

    /// <exception cref="FormatException">Not a document record.</exception>
    public static DocumentRecord ReadDocument(byte[] xml)
    {
        var root = Load(xml).DocumentElement;
        if (root is null || root.LocalName != "Document" || root.NamespaceURI != Namespace)
        {
            throw new FormatException("the root element is not Document");
        }

        var seals = root.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "Seals");
        if (!long.TryParse(root.GetAttribute("Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !int.TryParse(seals?.GetAttribute("Count"), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new FormatException("bad Size or seal Count");
        }

        return new DocumentRecord(root.GetAttribute("Path"), size, root.GetAttribute("SM3").ToLowerInvariant(), root.GetAttribute("Format"), count);
    }

    public static byte[] Report(string path, DocumentInspection inspection, DateTimeOffset at) => Write(w =>
    {
        w.WriteStartElement("ValidationReport", Namespace);
        w.WriteAttributeString("Document", path);
        w.WriteAttributeString("ValidatedAt", Time(at));
        w.WriteAttributeString("Format", inspection.Format);
        if (inspection.SealVerdict is { } verdict)
        {
            w.WriteAttributeString("Verdict", PdfVerdicts.ToText(verdict));
        }

        Property(w, "Authenticity", inspection.Authenticity);
        Property(w, "Usability", inspection.Usability);
        Property(w, "Security", inspection.Security);
        foreach (var seal in inspection.Seals)
        {
            w.WriteStartElement("Seal", Namespace);
            Attributes(w, seal);
            w.WriteAttributeString("Verdict", PdfVerdicts.ToText(seal.Verdict));
            w.WriteAttributeString("Integrity", PdfVerdicts.ToText(seal.Integrity));
            w.WriteAttributeString("Certificate", seal.CertificateStatus);
            w.WriteAttributeString("Indication", seal.Outcome.Indication.ToText());
            w.WriteAttributeString("SubIndication", seal.Outcome.SubIndication.ToText());
            Reasons(w, seal.Reasons);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    private static void Property(XmlWriter w, string name, IReadOnlyList<string> reasons)
    {
        var outcome = VerificationOutcome.FromReasons(reasons);
        w.WriteStartElement(name, Namespace);
        w.WriteAttributeString("Indication", outcome.Indication.ToText());
        w.WriteAttributeString("SubIndication", outcome.SubIndication.ToText());
        Reasons(w, reasons);
        w.WriteEndElement();
    }

    private static void Reasons(XmlWriter w, IEnumerable<string> reasons)
    {
        foreach (var reason in reasons)
        {
            w.WriteElementString("Reason", Namespace, reason);
        }
    }

    private static void Attributes(XmlWriter w, PdfSealReport seal)
    {
        w.WriteAttributeString("Field", seal.FieldName);
        Optional(w, "SealId", seal.SealId);
        Optional(w, "SealName", seal.SealName);
        Optional(w, "Department", seal.Department);
        Optional(w, "Signer", seal.Signer);
        Optional(w, "Algorithm", seal.Algorithm);
        Optional(w, "SigningTime", seal.SigningTime is { } t ? Time(t) : null);
        w.WriteAttributeString("Level", seal.Level);
        Optional(w, "TimestampTime", seal.SignatureTimestamp?.Time is { } ts ? Time(ts) : null);
    }

    private static void Optional(XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteAttributeString(name, value);
        }
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static XmlDocument Load(byte[] xml)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), ArchivalSecurityScan.Settings(DtdProcessing.Prohibit));
            var doc = new XmlDocument { XmlResolver = null };
            doc.Load(reader);
            return doc;
        }
        catch (XmlException ex)
        {
            throw new FormatException("not well-formed XML: " + ex.Message, ex);
        }
    }
}
