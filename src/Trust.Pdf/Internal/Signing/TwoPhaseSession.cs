using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto;
using Trust.Core.Seals.Providers;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// The session of two-phase PDF sealing: what <see cref="SealingSession.Prepare"/> froze, sealed with a
/// <see cref="SealSessionProtector"/>, and phase two, which checks everything before writing the CMS.
/// </summary>
internal static class TwoPhaseSession
{
    private const int FixedFields = 8;

    public static PreparedSeal Protect(SealingSession.Prepared prepared, IReadOnlyList<byte[]> chain, SealSessionProtector protector)
    {
        var fields = new List<byte[]>
        {
            System.Text.Encoding.UTF8.GetBytes(prepared.FieldName),
            new[] { (byte)prepared.Algorithm },
            prepared.SignedAttributes,
            SessionState.Int64(prepared.ContentsStart),
            SessionState.Int64(prepared.ContentsEnd),
            SessionState.Int64(prepared.Total),
            SessionState.Int64(prepared.ContentsBytes),
            prepared.ByteRangeDigest,
        };
        fields.AddRange(chain);
        var session = protector.Protect(SessionState.PdfKind, SessionState.Write([.. fields]), out var expires);
        return new PreparedSeal(prepared.Algorithm, prepared.SignedAttributes, chain[0], session, expires);
    }

    public static string Complete(Stream output, ReadOnlySpan<byte> session, ReadOnlySpan<byte> signature, SealSessionProtector protector)
    {
        var fields = SessionState.ReadAll(protector.Unprotect(SessionState.PdfKind, session));
        if (fields.Length <= FixedFields || fields[1].Length != 1 || !Enum.IsDefined((SignatureAlgorithm)fields[1][0]))
        {
            throw new SealingRefusedException(SealingReasons.SessionMalformed, "The PDF sealing session's state is malformed.");
        }

        var algorithm = (SignatureAlgorithm)fields[1][0];
        var prepared = new SealingSession.Prepared(
            System.Text.Encoding.UTF8.GetString(fields[0]), algorithm, fields[2],
            SessionState.ReadInt64(fields[3]), SessionState.ReadInt64(fields[4]), SessionState.ReadInt64(fields[5]),
            checked((int)SessionState.ReadInt64(fields[6])), fields[7]);
        var chain = fields[FixedFields..];

        if (!output.CanRead || !output.CanWrite || !output.CanSeek)
        {
            throw new ArgumentException("The prepared PDF must be readable, writable and seekable.", nameof(output));
        }

        if (output.Length != prepared.Total)
        {
            throw new SealingRefusedException(SealingReasons.DocumentChanged, $"The prepared PDF is {output.Length} bytes; phase one wrote {prepared.Total}.");
        }

        var digest = ByteRangeHasher.Hash(output, [0, prepared.ContentsStart, prepared.ContentsEnd, prepared.Total - prepared.ContentsEnd], SignatureAlgorithms.DigestOf(algorithm));
        if (!CryptographicOperations.FixedTimeEquals(digest, prepared.ByteRangeDigest))
        {
            throw new SealingRefusedException(SealingReasons.DocumentChanged, "The prepared PDF was changed after phase one (its byte-range digest differs).");
        }

        var value = TryReadCms(signature, chain[0], prepared.SignedAttributes) ?? signature.ToArray();
        var checkedValue = SignatureValues.Check(chain[0], algorithm, prepared.SignedAttributes, value);
        SealingSession.Embed(output, prepared, chain, checkedValue);
        return prepared.FieldName;
    }

    /// <summary>The signature value of a complete CMS ContentInfo for the prepared signer and attributes; null when the bytes are not a CMS.</summary>
    private static byte[]? TryReadCms(ReadOnlySpan<byte> bytes, byte[] certificate, byte[] signedAttributes)
    {
        if (bytes.Length < 16 || bytes[0] != 0x30)
        {
            return null;
        }

        SignerInfo signer;
        try
        {
            var info = Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(bytes.ToArray()));
            if (!CmsObjectIdentifiers.SignedData.Equals(info.ContentType))
            {
                return null;
            }

            var signedData = SignedData.GetInstance(info.Content);
            if (signedData.SignerInfos.Count != 1)
            {
                throw new SealingRefusedException(SealingReasons.SignatureEncoding, "The returned CMS must have exactly one signer.");
            }

            signer = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return null;
        }

        var leaf = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(certificate));
        var sid = signer.SignerID.ID is Asn1Encodable id ? Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber.GetOptional(id) : null;
        if (sid is null || !sid.Issuer.Equals(leaf.Issuer) || !sid.SerialNumber.Equals(leaf.SerialNumber))
        {
            throw new SealingRefusedException(SealingReasons.WrongKey, "The returned CMS names another signer than the prepared certificate.");
        }

        if (signer.SignedAttrs is null || !signer.SignedAttrs.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(signedAttributes))
        {
            throw new SealingRefusedException(SealingReasons.WrongDigest, "The returned CMS signs other signed attributes (digest, time or seal) than were prepared.");
        }

        return signer.Signature.GetOctets();
    }
}
