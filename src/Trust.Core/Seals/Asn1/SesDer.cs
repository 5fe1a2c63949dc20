using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// Strict DER reading and writing helpers over BouncyCastle's ASN.1 classes. Every failure is a
/// <see cref="TrustFormatException"/> naming the structure and field.
/// </summary>
internal static partial class SesDer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses exactly one DER SEQUENCE occupying all of <paramref name="der"/>.</summary>
    internal static Asn1Sequence ReadTopLevel(ReadOnlySpan<byte> der, string structure, int maxLength)
    {
        if (der.Length == 0)
        {
            throw new TrustFormatException(structure, "the input is empty", 0);
        }

        if (der.Length > maxLength)
        {
            throw new TrustFormatException(structure, $"the input is {der.Length} bytes, more than the limit of {maxLength}", 0);
        }

        // Asn1InputStream recurses once per constructed level: bound the nesting iteratively first.
        Trust.Core.Encoding.DerNesting.Check(der, structure);
        var bytes = der.ToArray();
        Asn1Object obj;
        long consumed;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var input = new Asn1InputStream(stream, bytes.Length);
            obj = input.ReadObject() ?? throw new TrustFormatException(structure, "no ASN.1 value found", 0);
            consumed = stream.Position;
        }
        catch (TrustFormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new TrustFormatException(structure, "malformed ASN.1 encoding", null, ex);
        }

        if (consumed != bytes.Length)
        {
            throw new TrustFormatException(structure, $"{bytes.Length - consumed} trailing bytes after the structure", consumed);
        }

        if (obj is not Asn1Sequence sequence)
        {
            throw new TrustFormatException(structure, "expected a SEQUENCE", 0);
        }

        byte[] reencoded;
        try
        {
            reencoded = sequence.GetEncoded(Asn1Encodable.Der);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new TrustFormatException(structure, "malformed ASN.1 encoding", null, ex);
        }

        if (!reencoded.AsSpan().SequenceEqual(bytes))
        {
            throw new TrustFormatException(structure, "not DER: the encoding is not the distinguished one (indefinite or non-minimal lengths, constructed strings, ...)", FirstDifference(reencoded, bytes));
        }

        return sequence;
    }

    /// <summary>Runs <paramref name="decode"/> and turns any non-Trust exception into a format error.</summary>
    internal static T Guard<T>(string structure, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (TrustFormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new TrustFormatException(structure, "malformed structure", null, ex);
        }
    }

    internal static Asn1Sequence Sequence(Asn1Encodable? value, string field, int minCount, int maxCount)
    {
        if (value is not Asn1Sequence seq)
        {
            throw new TrustFormatException(field, $"expected a SEQUENCE but found {Describe(value)}");
        }

        if (seq.Count < minCount || seq.Count > maxCount)
        {
            throw new TrustFormatException(field, minCount == maxCount
                ? $"expected {minCount} elements but found {seq.Count}"
                : $"expected {minCount} to {maxCount} elements but found {seq.Count}");
        }

        return seq;
    }

    internal static string Ia5(Asn1Encodable? value, string field, int maxLength)
    {
        if (value is not DerIA5String s)
        {
            throw new TrustFormatException(field, $"expected an IA5String but found {Describe(value)}");
        }

        foreach (var b in s.GetOctets())
        {
            if (b > 0x7F)
            {
                throw new TrustFormatException(field, "an IA5String holds ASCII characters only");
            }
        }

        return CheckLength(s.GetString(), field, maxLength);
    }

    internal static string Utf8(Asn1Encodable? value, string field, int maxLength)
    {
        if (value is not DerUtf8String s)
        {
            throw new TrustFormatException(field, $"expected a UTF8String but found {Describe(value)}");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(Contents(s));
        }
        catch (DecoderFallbackException ex)
        {
            throw new TrustFormatException(field, "the UTF8String is not valid UTF-8", null, ex);
        }

        return CheckLength(text, field, maxLength);
    }

    internal static string Printable(Asn1Encodable? value, string field, int maxLength)
    {
        if (value is not DerPrintableString s)
        {
            throw new TrustFormatException(field, $"expected a PrintableString but found {Describe(value)}");
        }

        if (!DerPrintableString.IsPrintableString(s.GetString()) || Contents(s).Any(b => b > 0x7F))
        {
            throw new TrustFormatException(field, "the PrintableString holds characters outside its set");
        }

        return CheckLength(s.GetString(), field, maxLength);
    }

    internal static int Integer(Asn1Encodable? value, string field, int min, int max)
    {
        if (value is not DerInteger i)
        {
            throw new TrustFormatException(field, $"expected an INTEGER but found {Describe(value)}");
        }

        var big = i.Value;
        if (big.BitLength > 31 || big.IntValue < min || big.IntValue > max)
        {
            throw new TrustFormatException(field, $"the value must be between {min} and {max}");
        }

        return big.IntValue;
    }

    internal static byte[] Octets(Asn1Encodable? value, string field, int maxLength, int minLength = 0)
    {
        if (value is not Asn1OctetString s)
        {
            throw new TrustFormatException(field, $"expected an OCTET STRING but found {Describe(value)}");
        }

        var octets = s.GetOctets();
        if (octets.Length > maxLength || octets.Length < minLength)
        {
            throw new TrustFormatException(field, $"{octets.Length} bytes is outside the allowed {minLength}..{maxLength}");
        }

        return octets;
    }

    internal static byte[] Bits(Asn1Encodable? value, string field, int maxLength)
    {
        if (value is not DerBitString s)
        {
            throw new TrustFormatException(field, $"expected a BIT STRING but found {Describe(value)}");
        }

        if (s.PadBits != 0)
        {
            throw new TrustFormatException(field, "the BIT STRING must hold whole bytes (no unused bits)");
        }

        var octets = s.GetOctets();
        if (octets.Length > maxLength || octets.Length == 0)
        {
            throw new TrustFormatException(field, $"{octets.Length} bytes is outside the allowed 1..{maxLength}");
        }

        return octets;
    }

    internal static string Oid(Asn1Encodable? value, string field)
    {
        if (value is not DerObjectIdentifier oid)
        {
            throw new TrustFormatException(field, $"expected an OBJECT IDENTIFIER but found {Describe(value)}");
        }

        return oid.Id;
    }

    /// <summary>Reads a DER GeneralizedTime: exactly <c>YYYYMMDDHHMMSSZ</c> (X.690 11.7: UTC, no fractional zeros; Trust writes whole seconds).</summary>
    internal static DateTimeOffset Time(Asn1Encodable? value, string field)
    {
        if (value is not Asn1GeneralizedTime t)
        {
            throw new TrustFormatException(field, $"expected a GeneralizedTime but found {Describe(value)}");
        }

        var text = t.TimeString;
        if (!TimePattern().IsMatch(text) ||
            !DateTime.TryParseExact(text, "yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            throw new TrustFormatException(field, "expected a DER GeneralizedTime of the form YYYYMMDDHHMMSSZ");
        }

        return new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
    }

    internal static DerGeneralizedTime EncodeTime(DateTimeOffset value) =>
        new(value.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture));

    /// <summary>Truncates to whole seconds, the precision Trust encodes.</summary>
    internal static DateTimeOffset ToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    internal static DerIA5String EncodeIa5(string value, string field, int maxLength)
    {
        CheckLength(value, field, maxLength);
        foreach (var c in value)
        {
            if (c > 0x7F)
            {
                throw new TrustFormatException(field, "an IA5String holds ASCII characters only");
            }
        }

        return new DerIA5String(value);
    }

    internal static void CheckBytes(ReadOnlySpan<byte> value, string field, int maxLength, int minLength = 0)
    {
        if (value.Length > maxLength || value.Length < minLength)
        {
            throw new TrustFormatException(field, $"{value.Length} bytes is outside the allowed {minLength}..{maxLength}");
        }
    }

    internal static string CheckLength(string value, string field, int maxLength)
    {
        if (value.Length > maxLength)
        {
            throw new TrustFormatException(field, $"{value.Length} characters is more than the limit of {maxLength}");
        }

        return value;
    }

    internal static byte[] Der(Asn1Encodable value) => value.ToAsn1Object().GetEncoded(Asn1Encodable.Der);

    /// <summary>The content octets of a primitive value (its DER encoding without tag and length).</summary>
    private static byte[] Contents(Asn1Object value)
    {
        var encoded = value.GetEncoded(Asn1Encodable.Der);
        var header = encoded[1] < 0x80 ? 2 : 2 + (encoded[1] & 0x7F);
        return encoded[header..];
    }

    private static string Describe(Asn1Encodable? value) => value switch
    {
        null => "nothing",
        Asn1TaggedObject t => $"a tagged value [{t.TagNo}]",
        _ => value.GetType().Name.Replace("Der", "", StringComparison.Ordinal).Replace("Asn1", "", StringComparison.Ordinal),
    };

    private static long FirstDifference(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }

    [GeneratedRegex("^[0-9]{14}Z$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
