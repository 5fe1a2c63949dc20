using System.Globalization;
using Trust.Core.Identifiers;

namespace Trust.LoadGen.Mixed;

/// <summary>Valid holder identifiers, different for each number: resident ID numbers (GB 11643) and unified social credit codes (GB 32100).</summary>
internal static class HolderIds
{
    private static readonly int[] ResidentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>An 18-character resident ID number (region 330106, born 1950-2009) for <paramref name="n"/> (0 to 7,299,999 distinct).</summary>
    public static string Resident(long n)
    {
        n = Math.Abs(n % 7_300_000);
        var day = (int)(n % 28) + 1;
        var month = (int)(n / 28 % 12) + 1;
        var year = 1950 + (int)(n / 336 % 60);
        var sequence = (int)(n / 20_160 % 1000);
        var body = string.Create(CultureInfo.InvariantCulture, $"330106{year:0000}{month:00}{day:00}{sequence:000}");
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body[i] - '0') * ResidentWeights[i];
        }

        return body + "10X98765432"[sum % 11];
    }

    /// <summary>An 18-character unified social credit code of an enterprise (91, region 330106) for <paramref name="n"/>.</summary>
    public static string Organisation(long n)
    {
        n = Math.Abs(n);
        var code = new char[9];
        for (var i = 8; i >= 0; i--)
        {
            code[i] = UnifiedSocialCreditCode.Alphabet[(int)(n % 31)];
            n /= 31;
        }

        var body = "91330106" + new string(code);
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += UnifiedSocialCreditCode.Alphabet.IndexOf(body[i], StringComparison.Ordinal) * UsccWeights[i];
        }

        var check = 31 - (sum % 31);
        return body + UnifiedSocialCreditCode.Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>A holder identifier of <paramref name="kind"/> for <paramref name="n"/>.</summary>
    public static string For(Trust.Core.Licences.HolderKind kind, long n) =>
        kind == Trust.Core.Licences.HolderKind.Organisation ? Organisation(n) : Resident(n);
}
