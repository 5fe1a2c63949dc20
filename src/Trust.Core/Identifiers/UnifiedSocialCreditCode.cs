using System.Diagnostics.CodeAnalysis;

namespace Trust.Core.Identifiers;

/// <summary>
/// An 18-character unified social credit code of a legal person or other organisation (GB 32100-2015):
/// registration management department code (1 character), organisation type (1), administrative division
/// code (6 digits, GB/T 2260), organisation code (9 characters, GB 11714) and a check character.
/// </summary>
/// <remarks>
/// Alphabet (GB 32100-2015 clause 4.2, table 1): <c>0123456789ABCDEFGHJKLMNPQRTUWXY</c> with values 0 to 30
/// in that order (I, O, Z, S and V are not used). Check character (clause 4.3): with weights
/// W<sub>i</sub> = 3<sup>i−1</sup> mod 31 for positions i = 1 … 17 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10
/// 30 28), the check value is 31 − (Σ C<sub>i</sub>·W<sub>i</sub> mod 31), with 31 written as 0. Since 31 is
/// prime and no weight is 0 mod 31, every single-character substitution is detected. Registration
/// department and organisation type follow GB 32100-2015 appendix A. The embedded organisation code's own
/// GB 11714 check is not enforced (older codes do not always satisfy it). Input must be upper case.
/// </remarks>
public sealed class UnifiedSocialCreditCode : IEquatable<UnifiedSocialCreditCode>
{
    /// <summary>Length of a unified social credit code.</summary>
    public const int Length = 18;

    /// <summary>The 31 characters of the code alphabet, in value order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private static readonly sbyte[] Values = BuildValues();

    private UnifiedSocialCreditCode(string value) => Value = value;

    /// <summary>The code.</summary>
    public string Value { get; }

    /// <summary>Registration management department code (character 1), for example <c>9</c> market regulation.</summary>
    public char RegistrationDepartment => Value[0];

    /// <summary>Organisation type within that department (character 2), for example <c>1</c> enterprise.</summary>
    public char OrganisationType => Value[1];

    /// <summary>Six-digit administrative division code (characters 3 to 8).</summary>
    public string AdministrativeDivisionCode => Value.Substring(2, 6);

    /// <summary>Nine-character organisation code (characters 9 to 17).</summary>
    public string OrganisationCode => Value.Substring(8, 9);

    /// <summary>Checks a candidate code and says what is wrong first.</summary>
    public static UsccError Validate(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return UsccError.Length;
        }

        foreach (var c in value)
        {
            if (ValueOf(c) < 0)
            {
                return UsccError.Characters;
            }
        }

        var types = OrganisationTypesOf(value[0]);
        if (types is null)
        {
            return UsccError.RegistrationDepartment;
        }

        if (!types.Contains(value[1], StringComparison.Ordinal))
        {
            return UsccError.OrganisationType;
        }

        for (var i = 2; i < 8; i++)
        {
            if (value[i] is < '0' or > '9')
            {
                return UsccError.AdministrativeDivision;
            }
        }

        // 10xxxx is used for organisations registered at the central level.
        if (!(value[2] == '1' && value[3] == '0') && !RegionCodes.IsProvince(value[2], value[3]))
        {
            return UsccError.AdministrativeDivision;
        }

        return ComputeCheckCharacter(value.AsSpan(0, 17)) == value[17] ? UsccError.None : UsccError.CheckCharacter;
    }

    /// <summary>Whether <paramref name="value"/> is a valid unified social credit code.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) => Validate(value) == UsccError.None;

    /// <summary>Parses a unified social credit code.</summary>
    /// <param name="value">The candidate code.</param>
    /// <param name="field">The field name to report in the exception (default <c>holder_id</c>).</param>
    /// <exception cref="TrustFormatException">The code is invalid; the message says why.</exception>
    public static UnifiedSocialCreditCode Parse(string? value, string field = "holder_id")
    {
        var error = Validate(value);
        if (error != UsccError.None)
        {
            throw new TrustFormatException(field, Describe(error));
        }

        return new UnifiedSocialCreditCode(value!);
    }

    /// <summary>Parses a unified social credit code without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out UnifiedSocialCreditCode? code)
    {
        code = IsValid(value) ? new UnifiedSocialCreditCode(value) : null;
        return code is not null;
    }

    /// <summary>An English description of a validation error, suitable for messages.</summary>
    public static string Describe(UsccError error) => error switch
    {
        UsccError.None => "valid unified social credit code",
        UsccError.Length => "unified social credit code must be 18 characters",
        UsccError.Characters => "unified social credit code may only contain 0-9 and A-H J-N P-R T-U W-Y (upper case)",
        UsccError.RegistrationDepartment => "unified social credit code has an unknown registration department code (GB 32100 appendix A)",
        UsccError.OrganisationType => "unified social credit code has an organisation type not defined for its registration department",
        UsccError.AdministrativeDivision => "unified social credit code has an invalid administrative division code",
        UsccError.CheckCharacter => "unified social credit code check character is wrong (GB 32100 MOD 31)",
        _ => "invalid unified social credit code",
    };

    /// <summary>The check character of the first 17 characters (which must be in <see cref="Alphabet"/>).</summary>
    internal static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += ValueOf(first17[i]) * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>The value 0-30 of a code character, or -1.</summary>
    internal static int ValueOf(char c) => c < Values.Length ? Values[c] : -1;

    /// <summary>GB 32100-2015 appendix A: organisation types allowed for each registration department.</summary>
    internal static string? OrganisationTypesOf(char department) => department switch
    {
        '1' => "1239", // 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
        '2' => "19",   // 外交: 外国常驻新闻机构, 其他
        '3' => "123459", // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
        '4' => "19",   // 文化: 外国在华文化中心, 其他
        '5' => "1239", // 民政: 社会团体, 民办非企业单位, 基金会, 其他
        '6' => "129",  // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
        '7' => "129",  // 宗教: 宗教活动场所, 宗教院校, 其他
        '8' => "19",   // 工会: 基层工会, 其他
        '9' => "123",  // 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
        'A' => "19",   // 中央军委改革和编制办公室: 军队事业单位, 其他
        'N' => "1239", // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
        'Y' => "1",    // 其他
        _ => null,
    };

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }

    /// <inheritdoc />
    public bool Equals(UnifiedSocialCreditCode? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UnifiedSocialCreditCode);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The code.</summary>
    public override string ToString() => Value;
}
