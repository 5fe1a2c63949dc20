using Org.BouncyCastle.X509;

namespace Trust.Core.Seals;

/// <summary>Reads a certificate's subject for display in results.</summary>
internal static class CertificateSubjectText
{
    /// <summary>The subject distinguished name, or null when the certificate cannot be parsed.</summary>
    internal static string? TryRead(ReadOnlySpan<byte> certificate)
    {
        try
        {
            return new X509Certificate(certificate.ToArray()).SubjectDN.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }
}
