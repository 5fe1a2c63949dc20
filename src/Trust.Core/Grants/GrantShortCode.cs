using System.Security.Cryptography;

namespace Trust.Core.Grants;

/// <summary>
/// The short code of a grant: what a clerk types at the service window instead of scanning the QR code.
/// Twelve characters of Crockford's Base32 alphabet (<c>0-9 A-Z</c> without <c>I L O U</c>) shown as
/// <c>XXXX-XXXX-XXXX</c>: eleven random characters (55 bits) and one check character, so every single mistyped
/// character and every swap of two adjacent characters is caught before the store is asked. The check value is
/// the weighted sum of the character values in GF(2^5) (polynomial x^5 + x^2 + 1) with the weights
/// α^12 … α^2 (α the primitive element x): a single change alters one term, and a swap of two adjacent
/// different characters changes the sum by α^k·(α + 1)·(a − b) ≠ 0, so both are always detected (ISO/IEC 7064's
/// hybrid MOD 33,32 is not used because it misses some adjacent swaps). The code only names a stored grant: the grant itself is still checked in
/// full (grantee, service item, validity, revocation), so knowing a code gives nobody else access.
/// </summary>
public static class GrantShortCode
{
    /// <summary>Characters in a code, without separators.</summary>
    public const int Length = 12;

    /// <summary>Crockford's Base32 alphabet (value = position).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Longest text accepted by <see cref="Normalize"/> (separators and spaces included).</summary>
    public const int MaxInputLength = 32;

    private const int Radix = 32;

    /// <summary>A new random code in canonical form (12 characters, no separators).</summary>
    public static string Generate()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length - 1; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Radix)];
        }

        code[^1] = Alphabet[CheckValue(code[..^1])];
        return new string(code);
    }

    /// <summary>The code as shown to people: <c>XXXX-XXXX-XXXX</c>.</summary>
    /// <exception cref="TrustFormatException">Not a valid code (field <c>short_code</c>).</exception>
    public static string Format(string code)
    {
        var canonical = Normalize(code);
        return $"{canonical[..4]}-{canonical[4..8]}-{canonical[8..]}";
    }

    /// <summary>
    /// Reads a typed code: case-insensitive, hyphens and spaces ignored, <c>I</c>/<c>L</c> read as <c>1</c> and
    /// <c>O</c> as <c>0</c> (Crockford), then the check character is verified. Returns the canonical form.
    /// </summary>
    /// <exception cref="TrustFormatException">Wrong length, a character outside the alphabet (offset given) or a check character that does not match (field <c>short_code</c>).</exception>
    public static string Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            throw new TrustFormatException("short_code", "required");
        }

        if (typed.Length > MaxInputLength)
        {
            throw new TrustFormatException("short_code", $"longer than {MaxInputLength} characters");
        }

        Span<char> code = stackalloc char[MaxInputLength];
        var n = 0;
        for (var i = 0; i < typed.Length; i++)
        {
            var c = char.ToUpperInvariant(typed[i]);
            if (c is '-' or ' ')
            {
                continue;
            }

            c = c switch { 'I' or 'L' => '1', 'O' => '0', _ => c };
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                throw new TrustFormatException("short_code", $"character {i + 1} is not a letter or digit of a short code", i);
            }

            code[n++] = c;
        }

        if (n != Length)
        {
            throw new TrustFormatException("short_code", $"a short code has {Length} letters and digits (XXXX-XXXX-XXXX), not {n}");
        }

        if (Alphabet[CheckValue(code[..(Length - 1)])] != code[Length - 1])
        {
            throw new TrustFormatException("short_code", "the check character does not match: the code is mistyped");
        }

        return new string(code[..Length]);
    }

    /// <summary>Whether <paramref name="typed"/> reads as a valid code (see <see cref="Normalize"/>).</summary>
    public static bool TryNormalize(string? typed, out string canonical)
    {
        try
        {
            canonical = Normalize(typed);
            return true;
        }
        catch (TrustFormatException)
        {
            canonical = "";
            return false;
        }
    }

    /// <summary>The check character's value: Σ α^(n+1−i)·value(c_i) in GF(2^5), by Horner's rule.</summary>
    internal static int CheckValue(ReadOnlySpan<char> data)
    {
        var sum = 0;
        foreach (var c in data)
        {
            sum = TimesAlpha(sum) ^ Alphabet.IndexOf(c, StringComparison.Ordinal);
        }

        return TimesAlpha(sum);
    }

    /// <summary>Multiplies by α = x in GF(2^5) modulo x^5 + x^2 + 1.</summary>
    private static int TimesAlpha(int value)
    {
        value <<= 1;
        return (value & Radix) != 0 ? value ^ 0b100101 : value;
    }
}
