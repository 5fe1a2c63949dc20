using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Trust.Core.Identifiers;

/// <summary>
/// An 18-character citizen identity number of the People's Republic of China (GB 11643-1999):
/// six-digit address (administrative division) code, eight-digit birth date <c>YYYYMMDD</c>, three-digit
/// sequence code (odd for men, even for women) and one check character.
/// </summary>
/// <remarks>
/// The check character is ISO 7064 MOD 11-2 (GB 11643-1999 clause 7): with the characters numbered
/// a<sub>18</sub> … a<sub>1</sub> from the left and weights W<sub>i</sub> = 2<sup>i−1</sup> mod 11
/// (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 for the first 17), the check value is
/// (12 − Σ a<sub>i</sub>·W<sub>i</sub> mod 11) mod 11, written as a digit or <c>X</c> for 10. Because 11 is
/// prime and no weight is 0 mod 11, every single-digit substitution is detected, and because adjacent
/// weights differ, every adjacent transposition is too. A lower-case <c>x</c> is accepted and normalised.
/// Values are personal data: never log them.
/// </remarks>
public sealed class ResidentIdNumber : IEquatable<ResidentIdNumber>
{
    /// <summary>Length of a resident ID number.</summary>
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private ResidentIdNumber(string value)
    {
        Value = value;
        BirthDate = new DateOnly(
            int.Parse(value.AsSpan(6, 4), CultureInfo.InvariantCulture),
            int.Parse(value.AsSpan(10, 2), CultureInfo.InvariantCulture),
            int.Parse(value.AsSpan(12, 2), CultureInfo.InvariantCulture));
    }

    /// <summary>The number, upper case.</summary>
    public string Value { get; }

    /// <summary>The six-digit administrative division code of the place of first registration.</summary>
    public string RegionCode => Value[..6];

    /// <summary>The birth date.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>The three-digit sequence code.</summary>
    public string SequenceCode => Value.Substring(14, 3);

    /// <summary>Checks a candidate number and says what is wrong first (length, characters, region, birth date, check digit).</summary>
    public static ResidentIdError Validate(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return ResidentIdError.Length;
        }

        for (var i = 0; i < 17; i++)
        {
            if (value[i] is < '0' or > '9')
            {
                return ResidentIdError.Characters;
            }
        }

        var last = value[17];
        if (last is not (>= '0' and <= '9') and not 'X' and not 'x')
        {
            return ResidentIdError.Characters;
        }

        if (!RegionCodes.IsProvince(value[0], value[1]))
        {
            return ResidentIdError.Region;
        }

        if (!IsBirthDate(value.AsSpan(6, 8)))
        {
            return ResidentIdError.BirthDate;
        }

        return ComputeCheckDigit(value.AsSpan(0, 17)) == char.ToUpperInvariant(last)
            ? ResidentIdError.None
            : ResidentIdError.CheckDigit;
    }

    /// <summary>Whether <paramref name="value"/> is a valid resident ID number.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) => Validate(value) == ResidentIdError.None;

    /// <summary>Parses a resident ID number.</summary>
    /// <param name="value">The candidate number.</param>
    /// <param name="field">The field name to report in the exception (default <c>holder_id</c>).</param>
    /// <exception cref="TrustFormatException">The number is invalid; the message says why, never repeating the value.</exception>
    public static ResidentIdNumber Parse(string? value, string field = "holder_id")
    {
        var error = Validate(value);
        if (error != ResidentIdError.None)
        {
            throw new TrustFormatException(field, Describe(error));
        }

        return new ResidentIdNumber(value!.ToUpperInvariant());
    }

    /// <summary>Parses a resident ID number without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ResidentIdNumber? number)
    {
        number = IsValid(value) ? new ResidentIdNumber(value.ToUpperInvariant()) : null;
        return number is not null;
    }

    /// <summary>An English description of a validation error, suitable for messages (it contains no personal data).</summary>
    public static string Describe(ResidentIdError error) => error switch
    {
        ResidentIdError.None => "valid resident ID number",
        ResidentIdError.Length => "resident ID number must be 18 characters",
        ResidentIdError.Characters => "resident ID number must be 17 digits followed by a digit or X",
        ResidentIdError.Region => "resident ID number does not start with a province code (GB/T 2260)",
        ResidentIdError.BirthDate => "resident ID number does not contain a valid birth date YYYYMMDD",
        ResidentIdError.CheckDigit => "resident ID number check digit is wrong (ISO 7064 MOD 11-2)",
        _ => "invalid resident ID number",
    };

    /// <summary>
    /// The MOD 11-2 check character (<c>0</c>-<c>9</c> or <c>X</c>) of the first 17 digits.
    /// </summary>
    internal static char ComputeCheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        var check = (12 - (sum % 11)) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    private static bool IsBirthDate(ReadOnlySpan<char> yyyymmdd)
    {
        var year = int.Parse(yyyymmdd[..4], CultureInfo.InvariantCulture);
        var month = int.Parse(yyyymmdd.Slice(4, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(yyyymmdd.Slice(6, 2), CultureInfo.InvariantCulture);
        return year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <inheritdoc />
    public bool Equals(ResidentIdNumber? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ResidentIdNumber);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The number.</summary>
    public override string ToString() => Value;
}
