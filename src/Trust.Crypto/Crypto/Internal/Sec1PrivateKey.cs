using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Trust.Core.Crypto.Internal;

/// <summary>
/// A parsed SEC1 ECPrivateKey (RFC 5915 section 3): the scalar left-padded to the field size,
/// the named curve if present, and the public point if present.
/// </summary>
internal sealed class Sec1PrivateKey : IDisposable
{
    private Sec1PrivateKey(byte[] scalar, string? curveOid, byte[]? publicPoint)
    {
        Scalar = scalar;
        CurveOid = curveOid;
        PublicPoint = publicPoint;
    }

    /// <summary>The private scalar, big-endian, exactly the field size. Zeroed on dispose.</summary>
    internal byte[] Scalar { get; }

    internal string? CurveOid { get; }

    internal byte[]? PublicPoint { get; }

    /// <summary>Reads an ECPrivateKey for a curve whose scalars are <paramref name="fieldBytes"/> long.</summary>
    /// <exception cref="TrustKeyException">Malformed, wrong version, or the scalar is too long.</exception>
    internal static Sec1PrivateKey Read(ReadOnlySpan<byte> der, int fieldBytes)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            if (!seq.TryReadInt32(out var version) || version != 1)
            {
                throw new TrustKeyException("The EC private key has an unsupported version (RFC 5915 requires 1).");
            }

            var octets = seq.ReadOctetString();
            string? curve = null;
            byte[]? point = null;
            var parametersTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            var publicKeyTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(parametersTag))
            {
                var parameters = seq.ReadSequence(parametersTag);
                curve = parameters.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? parameters.ReadObjectIdentifier() : null;
            }

            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(publicKeyTag))
            {
                var wrapper = seq.ReadSequence(publicKeyTag);
                point = wrapper.ReadBitString(out _);
            }

            if (reader.HasData)
            {
                throw new TrustKeyException("Trailing bytes after the EC private key.");
            }

            // Some encoders drop leading zero bytes of the scalar; accept shorter, never longer.
            var trimmed = octets.AsSpan();
            while (trimmed.Length > fieldBytes && trimmed[0] == 0)
            {
                trimmed = trimmed[1..];
            }

            if (trimmed.Length > fieldBytes || trimmed.Length == 0)
            {
                CryptographicOperations.ZeroMemory(octets);
                throw new TrustKeyException($"The EC private key scalar must be at most {fieldBytes} bytes.");
            }

            var scalar = new byte[fieldBytes];
            trimmed.CopyTo(scalar.AsSpan(fieldBytes - trimmed.Length));
            CryptographicOperations.ZeroMemory(octets);
            return new Sec1PrivateKey(scalar, curve, point);
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The EC private key is malformed.", ex);
        }
    }

    /// <summary>Reads only the named curve of an ECPrivateKey, without keeping the scalar.</summary>
    internal static string? PeekCurve(ReadOnlySpan<byte> der)
    {
        using var key = Read(der, fieldBytes: 66);
        return key.CurveOid;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(Scalar);
}
