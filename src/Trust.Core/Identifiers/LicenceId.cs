using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Trust.Core.Identifiers;

/// <summary>
/// A licence identifier: <c>TYPE-DEPT-YYYY-SERIAL-CC</c>, for example <c>BL-SAMR3301-2024-000123-4F</c>.
/// </summary>
/// <remarks>
/// <para>Segments: licence type code (an upper-case letter then 1 to 5 upper-case letters or digits);
/// issuing department code (2 to 16 upper-case letters or digits); year of issue (4 digits, 2000 to
/// 9999); serial (6 to 12 digits, zero-padded to 6, no further leading zeros); two check characters.
/// Upper case only; the separator is <c>-</c> (U+002D).</para>
/// <para>Check characters: ISO/IEC 7064 MOD 1271-36, the standard's pure system for alphanumeric data
/// with two check characters (alphabet <c>0-9A-Z</c>, values 0 to 35; modulus 1271 = 31·41, radix 36).
/// The check value v satisfies Σ a<sub>i</sub>·36<sup>i−1</sup> + v ≡ 1 (mod 1271), where the data
/// characters a<sub>i</sub> are: one digit giving the length of the type code, then the type code,
/// department code, year and serial without separators; v is written as two base-36 characters
/// (v div 36, v mod 36). A single substitution changes the sum by d·36<sup>k</sup> with 0 &lt; |d| ≤ 35,
/// and an adjacent transposition by d·36<sup>k</sup>·35; neither is 0 mod 1271, so both are always
/// detected (within the data and the check characters). Separators are not summed: replacing or
/// inserting one changes the number of segments, moving the year, serial or check separator changes a
/// fixed-width segment, and moving the type/department separator changes the length digit; all are
/// rejected. (ISO 7064 MOD 37,36, the hybrid system with a single check character, was considered and
/// rejected: for 72 of the 45,360 combinations of running check state and distinct character pair, swapping
/// the pair leaves the check unchanged, so it does not catch every adjacent transposition.)</para>
/// </remarks>
public sealed class LicenceId : IEquatable<LicenceId>
{
    /// <summary>Longest valid identifier text (6+16+4+12+2 characters and 4 separators).</summary>
    public const int MaxLength = 44;

    private LicenceId(string typeCode, string department, int year, long serial, string text)
    {
        TypeCode = typeCode;
        Department = department;
        Year = year;
        Serial = serial;
        Text = text;
    }

    /// <summary>The licence type code.</summary>
    public string TypeCode { get; }

    /// <summary>The issuing department code.</summary>
    public string Department { get; }

    /// <summary>The year of issue.</summary>
    public int Year { get; }

    /// <summary>The serial number within type, department and year (0 to 999,999,999,999).</summary>
    public long Serial { get; }

    /// <summary>The full identifier text.</summary>
    public string Text { get; }

    /// <summary>The two check characters.</summary>
    public string CheckCharacters => Text[^2..];

    /// <summary>Builds an identifier from its parts, computing the check characters.</summary>
    /// <exception cref="TrustFormatException">A part is malformed (field <c>type</c>, <c>department</c>, <c>year</c> or <c>serial</c>).</exception>
    public static LicenceId Create(string typeCode, string department, int year, long serial)
    {
        if (!IsTypeCode(typeCode))
        {
            throw new TrustFormatException("type", "licence type code must be an upper-case letter followed by 1 to 5 upper-case letters or digits");
        }

        if (!IsDepartment(department))
        {
            throw new TrustFormatException("department", "department code must be 2 to 16 upper-case letters or digits");
        }

        if (year is < 2000 or > 9999)
        {
            throw new TrustFormatException("year", "year must be between 2000 and 9999");
        }

        if (serial is < 0 or > 999_999_999_999)
        {
            throw new TrustFormatException("serial", "serial must be between 0 and 999999999999");
        }

        var yearText = year.ToString("D4", CultureInfo.InvariantCulture);
        var serialText = serial.ToString("D6", CultureInfo.InvariantCulture);
        var check = Check(typeCode, department, yearText, serialText);
        return new LicenceId(typeCode, department, year, serial, $"{typeCode}-{department}-{yearText}-{serialText}-{check}");
    }

    /// <summary>The identifier text for the given parts (see <see cref="Create"/>).</summary>
    /// <exception cref="TrustFormatException">A part is malformed.</exception>
    public static string Format(string typeCode, string department, int year, long serial) =>
        Create(typeCode, department, year, serial).Text;

    /// <summary>Parses and checks an identifier.</summary>
    /// <param name="text">The identifier text.</param>
    /// <param name="field">The field name to report (default <c>licence_id</c>).</param>
    /// <exception cref="TrustFormatException">Malformed or wrong check characters.</exception>
    public static LicenceId Parse(string? text, string field = "licence_id") =>
        TryParse(text, out var id, out var error) ? id : throw new TrustFormatException(field, error);

    /// <summary>Parses and checks an identifier without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out LicenceId? id) =>
        TryParse(text, out id, out _);

    /// <summary>Whether <paramref name="text"/> is a well-formed identifier with correct check characters.</summary>
    public static bool IsValid([NotNullWhen(true)] string? text) => TryParse(text, out _, out _);

    private static bool TryParse(string? text, [NotNullWhen(true)] out LicenceId? id, out string error)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "licence identifier is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"licence identifier is longer than {MaxLength} characters";
            return false;
        }

        var parts = text.Split('-');
        if (parts.Length != 5)
        {
            error = "licence identifier must have five parts TYPE-DEPT-YYYY-SERIAL-CC";
            return false;
        }

        var (type, department, yearText, serialText, check) = (parts[0], parts[1], parts[2], parts[3], parts[4]);
        if (!IsTypeCode(type))
        {
            error = "licence identifier has a malformed type code";
            return false;
        }

        if (!IsDepartment(department))
        {
            error = "licence identifier has a malformed department code";
            return false;
        }

        if (yearText.Length != 4 || !AllDigits(yearText) || yearText[0] == '0' || yearText[0] == '1')
        {
            error = "licence identifier has a malformed year";
            return false;
        }

        if (serialText.Length is < 6 or > 12 || !AllDigits(serialText) || (serialText.Length > 6 && serialText[0] == '0'))
        {
            error = "licence identifier has a malformed serial";
            return false;
        }

        if (check.Length != 2 || Iso7064.AlphanumericValue(check[0]) < 0 || Iso7064.AlphanumericValue(check[1]) < 0)
        {
            error = "licence identifier has malformed check characters";
            return false;
        }

        if (!string.Equals(Check(type, department, yearText, serialText), check, StringComparison.Ordinal))
        {
            error = "licence identifier check characters do not match (ISO 7064 MOD 1271-36): it was probably mistyped";
            return false;
        }

        id = new LicenceId(
            type,
            department,
            int.Parse(yearText, CultureInfo.InvariantCulture),
            long.Parse(serialText, CultureInfo.InvariantCulture),
            text);
        error = "";
        return true;
    }

    internal static string Check(string type, string department, string year, string serial)
    {
        var data = string.Concat(type, department, year, serial);
        var value = Iso7064.Mod1271_36(data, (char)('0' + type.Length));
        return string.Concat(Iso7064.Alphanumeric[value / 36].ToString(), Iso7064.Alphanumeric[value % 36].ToString());
    }

    /// <summary>Whether <paramref name="code"/> has the form of a licence type code.</summary>
    internal static bool IsTypeCode(string? code) =>
        code is { Length: >= 2 and <= 6 } && code[0] is >= 'A' and <= 'Z' && AllUpperAlphanumeric(code);

    private static bool IsDepartment(string? code) => code is { Length: >= 2 and <= 16 } && AllUpperAlphanumeric(code);

    private static bool AllUpperAlphanumeric(string s)
    {
        foreach (var c in s)
        {
            if (Iso7064.AlphanumericValue(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(LicenceId? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LicenceId);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>The identifier text.</summary>
    public override string ToString() => Text;
}
