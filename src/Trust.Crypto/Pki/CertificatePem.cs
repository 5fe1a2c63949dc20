using System.Security.Cryptography;

namespace Trust.Core.Pki;

/// <summary>Reads and writes certificates ("CERTIFICATE") and CRLs ("X509 CRL") as PEM (RFC 7468).</summary>
public static class CertificatePem
{
    /// <summary>Largest PEM text accepted (a bundle of certificates or a CRL).</summary>
    public const int MaxPemLength = 16 * 1024 * 1024;

    /// <summary>Writes a DER certificate as PEM.</summary>
    public static string Export(ReadOnlySpan<byte> certificateDer) => new string(PemEncoding.Write("CERTIFICATE", certificateDer)) + "\n";

    /// <summary>Writes a DER CRL as PEM.</summary>
    public static string ExportCrl(ReadOnlySpan<byte> crlDer) => new string(PemEncoding.Write("X509 CRL", crlDer)) + "\n";

    /// <summary>All DER certificates in <paramref name="pem"/>, in order; other PEM blocks are skipped.</summary>
    /// <exception cref="TrustFormatException">The text is too large or a certificate block is not valid base64.</exception>
    public static IReadOnlyList<byte[]> LoadAll(string pem) => Blocks(pem, "CERTIFICATE");

    /// <summary>All DER CRLs in <paramref name="pem"/>, in order.</summary>
    /// <exception cref="TrustFormatException">The text is too large or a CRL block is not valid base64.</exception>
    public static IReadOnlyList<byte[]> LoadAllCrls(string pem) => Blocks(pem, "X509 CRL");

    /// <summary>All DER certificates in a PEM file.</summary>
    /// <exception cref="TrustFormatException">The file is missing, too large, or malformed.</exception>
    public static IReadOnlyList<byte[]> LoadFile(string path) => LoadAll(ReadLimited(path));

    /// <summary>All DER CRLs in a PEM file.</summary>
    /// <exception cref="TrustFormatException">The file is missing, too large, or malformed.</exception>
    public static IReadOnlyList<byte[]> LoadCrlFile(string path) => LoadAllCrls(ReadLimited(path));

    private static string ReadLimited(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustFormatException(path, "file does not exist");
        }

        if (info.Length > MaxPemLength)
        {
            throw new TrustFormatException(path, $"file is larger than {MaxPemLength} bytes");
        }

        return File.ReadAllText(path);
    }

    private static List<byte[]> Blocks(string pem, string wanted)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > MaxPemLength)
        {
            throw new TrustFormatException("pem", $"text is larger than {MaxPemLength} characters");
        }

        var result = new List<byte[]>();
        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual(wanted))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out var written))
                {
                    throw new TrustFormatException("pem", $"a {wanted} block is not valid base64", fields.Location.Start.Value);
                }

                result.Add(der[..written]);
            }

            text = text[fields.Location.End..];
        }

        return result;
    }
}
