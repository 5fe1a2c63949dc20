using System.Text;
using Trust.Core;

namespace Trust.Storage.Internal;

/// <summary>
/// Size limits and well-formedness checks for everything written to a store, so that both
/// providers accept exactly the same values (PostgreSQL rejects NUL in text, SQLite does not).
/// </summary>
internal static class InputLimits
{
    /// <summary>Identifiers: licence, grant, seal and status list ids.</summary>
    public const int IdLength = 128;

    /// <summary>Codes: licence type code, department code.</summary>
    public const int CodeLength = 64;

    /// <summary>Holder identifiers (resident ID number, unified social credit code, or a foreign id).</summary>
    public const int HolderIdLength = 64;

    /// <summary>Holder names.</summary>
    public const int NameLength = 256;

    /// <summary>Reasons for status changes and revocations.</summary>
    public const int ReasonLength = 1024;

    /// <summary>The signed licence (COSE_Sign1 with its certificate chain).</summary>
    public const int SignedLength = 256 * 1024;

    /// <summary>Type codes in one holder query.</summary>
    public const int TypeCodesPerQuery = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Checks a text value; throws <see cref="TrustFormatException"/> naming <paramref name="field"/>.</summary>
    public static string Text(string field, string? value, int maxLength, bool allowEmpty = false)
    {
        if (value is null)
        {
            throw new TrustFormatException(field, "is missing");
        }

        if (!allowEmpty && value.Length == 0)
        {
            throw new TrustFormatException(field, "is empty");
        }

        if (value.Length > maxLength)
        {
            throw new TrustFormatException(field, $"is longer than {maxLength} characters");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new TrustFormatException(field, "contains a NUL character");
        }

        try
        {
            _ = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new TrustFormatException(field, "is not well-formed text (unpaired surrogate)", innerException: e);
        }

        return value;
    }

    /// <summary>Checks a byte value; throws <see cref="TrustFormatException"/> naming <paramref name="field"/>.</summary>
    public static byte[] Bytes(string field, byte[]? value, int maxLength)
    {
        if (value is null || value.Length == 0)
        {
            throw new TrustFormatException(field, "is empty");
        }

        if (value.Length > maxLength)
        {
            throw new TrustFormatException(field, $"is longer than {maxLength} bytes");
        }

        return value;
    }

    /// <summary>Checks that a number is not negative.</summary>
    public static long NotNegative(string field, long value) =>
        value >= 0 ? value : throw new TrustFormatException(field, "must not be negative");
}
