namespace Trust.Core.Identifiers;

/// <summary>ISO/IEC 7064 check character systems used by Trust identifiers.</summary>
internal static class Iso7064
{
    /// <summary>The alphanumeric alphabet of ISO 7064 with values 0-35: <c>0-9</c> then <c>A-Z</c>.</summary>
    public const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private const int Modulus1271 = 1271;
    private const int Radix36 = 36;

    /// <summary>Value 0-35 of an upper-case alphanumeric character, or -1.</summary>
    public static int AlphanumericValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// ISO 7064 MOD 1271-36 (pure system, modulus 1271, radix 36, two check characters): returns the
    /// check value 0-1270 such that Σ a<sub>i</sub>·36<sup>i−1</sup> ≡ 1 (mod 1271) over the data and
    /// the two check characters (numbered from the right, i = 1 the last check character).
    /// Every character must be alphanumeric (the caller checks).
    /// </summary>
    public static int Mod1271_36(ReadOnlySpan<char> data, char? prefix = null)
    {
        var p = 0;
        if (prefix is { } first)
        {
            p = AlphanumericValue(first) * Radix36 % Modulus1271;
        }

        foreach (var c in data)
        {
            p = (p + AlphanumericValue(c)) * Radix36 % Modulus1271;
        }

        p = p * Radix36 % Modulus1271; // room for the second check character
        return (Modulus1271 + 1 - p) % Modulus1271;
    }
}
