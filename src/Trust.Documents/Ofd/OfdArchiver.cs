using System.Globalization;
using System.Security;
using System.Text;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;
using Trust.Pdf;

namespace Trust.Documents.Ofd;

/// <summary>
/// The OFD equivalent of PAdES B-LT/B-LTA for sealed OFD packages (licence files). Extending adds, under
/// <c>Doc_0/Signs/Archive/</c>, a part <c>Archive_N.xml</c> holding the SM3 check value of every other file of the
/// package (seals' <c>SignedValue.dat</c>, <c>Signatures.xml</c> and earlier archive parts included) and the validation
/// data (the certificates of every seal and time-stamp, the CRLs supplied), and, for B-LTA, <c>Archive_N.tst</c>: an
/// RFC 3161 time-stamp token over the digest of <c>Archive_N.xml</c>. No file of the package is changed and the seals'
/// references never cover this folder, so earlier seals keep verifying; extending again adds the next N (renewal).
/// </summary>
public static class OfdArchiver
{
    /// <summary>The folder of the archive parts.</summary>
    public const string Folder = "Doc_0/Signs/Archive/";

    internal const string Namespace = "urn:trust:ofd-archive:1";

    /// <summary>Extends the sealed OFD <paramref name="package"/>; returns the new package and what was added.</summary>
    /// <exception cref="TrustFormatException">The package is not a readable, sealed OFD package (field <c>signatures</c> when it has no seal).</exception>
    /// <exception cref="TimestampException">The TSA refused or its token failed the client's checks.</exception>
    public static (byte[] Package, PdfArchiveResult Result) Extend(byte[] package, PdfArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Level == PdfArchiveLevel.LongTermArchive && options.TimestampClient is null)
        {
            throw new TrustFormatException("tsa", "B-LTA needs a time-stamp authority.");
        }

        var files = OfdZip.Read(package);
        var signatures = files.Where(f => f.Path.StartsWith("Doc_0/Signs/Sign_", StringComparison.Ordinal) && f.Path.EndsWith("/SignedValue.dat", StringComparison.Ordinal)).ToList();
        if (signatures.Count == 0)
        {
            throw new TrustFormatException("signatures", "The OFD package carries no seal to extend.");
        }

        var certificates = new List<byte[]>();
        foreach (var (_, data) in signatures)
        {
            if (SesSignature.TryDecode(data, out var ses))
            {
                certificates.Add(ses.SignerCertificate.ToArray());
                certificates.Add(ses.ToSign.Seal.MakerCertificate.ToArray());
                if (ses.TimeStamp is { Length: > 0 } token && TimestampTokenVerifier.TryDecode(token, out var decoded) && decoded is not null)
                {
                    certificates.Add(decoded.TsaCertificate.ToArray());
                    certificates.AddRange(decoded.OtherCertificates);
                }
            }
        }

        foreach (var (path, data) in files.Where(f => f.Path.StartsWith(Folder, StringComparison.Ordinal) && f.Path.EndsWith(".tst", StringComparison.Ordinal)))
        {
            if (TimestampTokenVerifier.TryDecode(data, out var decoded) && decoded is not null)
            {
                certificates.Add(decoded.TsaCertificate.ToArray());
                certificates.AddRange(decoded.OtherCertificates);
            }
        }

        certificates.AddRange(options.Certificates);
        var uniqueCertificates = Unique(certificates);
        var uniqueCrls = Unique(options.Crls);
        var n = 1;
        while (files.Any(f => f.Path == PartPath(n, ".xml")))
        {
            n++;
        }

        var level = options.Level == PdfArchiveLevel.LongTerm ? PdfLevels.LongTerm : PdfLevels.LongTermArchive;
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<trust:Archive xmlns:trust=\"{Namespace}\" Level=\"{level}\" CheckMethod=\"{OfdSealer.Sm3Oid}\">\n");
        foreach (var (path, data) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            xml.Append(CultureInfo.InvariantCulture, $"<trust:File Path=\"{SecurityElement.Escape(path)}\" CheckValue=\"{Convert.ToBase64String(OfdSealer.Sm3(data))}\"/>\n");
        }

        foreach (var certificate in uniqueCertificates)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<trust:Certificate>{Convert.ToBase64String(certificate)}</trust:Certificate>\n");
        }

        foreach (var crl in uniqueCrls)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<trust:Crl>{Convert.ToBase64String(crl)}</trust:Crl>\n");
        }

        xml.Append("</trust:Archive>\n");
        var xmlBytes = Encoding.UTF8.GetBytes(xml.ToString());
        files.Add((PartPath(n, ".xml"), xmlBytes));
        DateTimeOffset? time = null;
        string? field = null;
        if (options.Level == PdfArchiveLevel.LongTermArchive)
        {
            var imprint = Digest.Hash(options.DigestAlgorithm, xmlBytes);
            var token = options.TimestampClient!.GetTokenAsync(options.DigestAlgorithm, imprint).GetAwaiter().GetResult();
            TimestampTokenVerifier.TryDecode(token, out var decoded);
            time = decoded?.Time;
            field = PartPath(n, ".tst");
            files.Add((field, token));
        }

        return (OfdZip.Write(files), new PdfArchiveResult(uniqueCertificates.Count, uniqueCrls.Count, field, time));
    }

    internal static string PartPath(int n, string extension) => Folder + "Archive_" + n.ToString(CultureInfo.InvariantCulture) + extension;

    private static List<byte[]> Unique(IEnumerable<byte[]> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(i => i.Length > 0 && seen.Add(Convert.ToHexString(i))).ToList();
    }
}
