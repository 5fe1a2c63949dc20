using System.Globalization;
using System.Security;
using System.Text;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Seals;
using Trust.Documents.Layout;

namespace Trust.Documents.Ofd;

/// <summary>
/// Adds a GB/T 38540 electronic seal to an OFD package as an OFD signature (GB/T 33190-2016 section 18):
/// <c>Doc_0/Signs/Signatures.xml</c> lists the signatures; <c>Sign_N/Signature.xml</c> holds SignedInfo with the
/// References (every file of the package with its SM3 check value, base64), the StampAnnot on the page and the seal
/// location; <c>Sign_N/SignedValue.dat</c> is the SES_Signature whose data hash is the SM3 of Signature.xml
/// (GB/T 38540-2020 section 7, OFD profile: propertyInfo is the path of Signature.xml); <c>Sign_N/Seal.esl</c> is the
/// SES_Seal. Continue-sign: the references leave out Signatures.xml and the new signature's own folder, so a later
/// seal only adds its folder and a line in Signatures.xml, and earlier seals keep verifying.
/// </summary>
internal static class OfdSealer
{
    public const string SignaturesPath = "Doc_0/Signs/Signatures.xml";
    public const string Sm3Oid = "1.2.156.10197.1.401";

    public static byte[] Seal(byte[] package, LicenceFileSealOptions options)
    {
        var files = OfdZip.Read(package);
        var index = files.FindIndex(f => f.Path == "OFD.xml");
        if (index < 0)
        {
            throw new TrustFormatException("ofd.package", "The package has no OFD.xml.");
        }

        var ofdXml = Encoding.UTF8.GetString(files[index].Data);
        if (!ofdXml.Contains("<ofd:Signatures>", StringComparison.Ordinal))
        {
            var end = ofdXml.IndexOf("</ofd:DocBody>", StringComparison.Ordinal);
            if (end < 0)
            {
                throw new TrustFormatException("ofd.package", "OFD.xml has no DocBody.");
            }

            ofdXml = ofdXml.Insert(end, "<ofd:Signatures>" + SignaturesPath + "</ofd:Signatures>\n");
            files[index] = ("OFD.xml", Encoding.UTF8.GetBytes(ofdXml));
        }

        var n = 0;
        while (files.Any(f => f.Path.StartsWith($"Doc_0/Signs/Sign_{n}/", StringComparison.Ordinal)))
        {
            n++;
        }

        var dir = $"Doc_0/Signs/Sign_{n}/";
        var signer = new SealSigner(timeProvider: options.TimeProvider);
        var time = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var picture = options.Seal.SealInfo.Picture;
        var (cx, cy) = SealPlacement.Centre(SealPlacement.OfdPageSize(files), n);
        var keyAlgorithm = options.Key?.KeyAlgorithm ?? PublicKeyPem.FromCertificate(options.CertificateChain[0]).KeyAlgorithm;
        var method = keyAlgorithm == KeyAlgorithm.Rsa ? "1.2.840.113549.1.1.11" : SignatureAlgorithms.Sm2WithSm3Oid;

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature xmlns:ofd=\"{OfdPackageWriter.Ns}\">\n<ofd:SignedInfo>\n");
        sb.Append("<ofd:Provider ProviderName=\"Trust\" Version=\"1.0\" Company=\"Trust\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<ofd:SignatureMethod>{method}</ofd:SignatureMethod>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<ofd:SignatureDateTime>{time.UtcDateTime:yyyyMMddHHmmss}Z</ofd:SignatureDateTime>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<ofd:References CheckMethod=\"{Sm3Oid}\">\n");
        foreach (var (path, data) in files.Where(f => f.Path != SignaturesPath).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<ofd:Reference FileRef=\"/{SecurityElement.Escape(path)}\"><ofd:CheckValue>{Convert.ToBase64String(Sm3(data))}</ofd:CheckValue></ofd:Reference>\n");
        }

        sb.Append("</ofd:References>\n");
        var w = picture.WidthMillimetres;
        var h = picture.HeightMillimetres;
        sb.Append(CultureInfo.InvariantCulture, $"<ofd:StampAnnot ID=\"{n + 1}\" PageRef=\"{OfdPackageWriter.PageId}\" Boundary=\"{F(cx - (w / 2))} {F(cy - (h / 2))} {F(w)} {F(h)}\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<ofd:Seal><ofd:BaseLoc>/{dir}Seal.esl</ofd:BaseLoc></ofd:Seal>\n");
        sb.Append(CultureInfo.InvariantCulture, $"</ofd:SignedInfo>\n<ofd:SignedValue>/{dir}SignedValue.dat</ofd:SignedValue>\n</ofd:Signature>\n");
        var signatureXml = Encoding.UTF8.GetBytes(sb.ToString());

        using var toHash = new MemoryStream(signatureXml, writable: false);
        var ses = options.Provider is null
            ? signer.Sign(options.Seal, options.CertificateChain[0], options.Key!, toHash, "/" + dir + "Signature.xml")
            : signer.Sign(options.Provider, options.SealId!, toHash, "/" + dir + "Signature.xml");

        var signatures = files.FindIndex(f => f.Path == SignaturesPath);
        var entry = $"<ofd:Signature ID=\"{n + 1}\" Type=\"Seal\" BaseLoc=\"/{dir}Signature.xml\"/>\n";
        string list;
        if (signatures < 0)
        {
            list = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signatures xmlns:ofd=\"{OfdPackageWriter.Ns}\">\n<ofd:MaxSignId>{n + 1}</ofd:MaxSignId>\n{entry}</ofd:Signatures>\n";
        }
        else
        {
            var old = Encoding.UTF8.GetString(files[signatures].Data);
            var start = old.IndexOf("<ofd:MaxSignId>", StringComparison.Ordinal);
            var stop = old.IndexOf("</ofd:MaxSignId>", StringComparison.Ordinal);
            var close = old.LastIndexOf("</ofd:Signatures>", StringComparison.Ordinal);
            if (start < 0 || stop < start || close < stop)
            {
                throw new TrustFormatException("ofd.signatures", "Signatures.xml is not in the expected form.");
            }

            list = old[..(start + 15)] + (n + 1).ToString(CultureInfo.InvariantCulture) + old[stop..close] + entry + old[close..];
            files.RemoveAt(signatures);
        }

        files.Add((SignaturesPath, Encoding.UTF8.GetBytes(list)));
        files.Add((dir + "Seal.esl", options.Seal.Encode()));
        files.Add((dir + "Signature.xml", signatureXml));
        files.Add((dir + "SignedValue.dat", ses.Encode()));
        return OfdZip.Write(files);
    }

    public static byte[] Sm3(byte[] data) => Digest.Hash(DigestAlgorithm.Sm3, data);

    private static string F(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
