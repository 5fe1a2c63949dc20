namespace Trust.Core.Identifiers;

/// <summary>Province-level administrative division codes of GB/T 2260 (first two digits of a division code).</summary>
internal static class RegionCodes
{
    // 11-15 North, 21-23 North-east, 31-37 East, 41-46 Central-south, 50-54 South-west,
    // 61-65 North-west, 71 Taiwan, 81 Hong Kong, 82 Macao; 83 is used on residence permits of
    // Taiwan residents (GB 11643 numbers issued under the 2018 residence permit rules).
    private static readonly bool[] Province = Build(
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83);

    private static bool[] Build(params int[] codes)
    {
        var table = new bool[100];
        foreach (var c in codes)
        {
            table[c] = true;
        }

        return table;
    }

    /// <summary>Whether two ASCII digits form a province code.</summary>
    public static bool IsProvince(char tens, char units) =>
        tens is >= '0' and <= '9' && units is >= '0' and <= '9' && Province[((tens - '0') * 10) + (units - '0')];
}
