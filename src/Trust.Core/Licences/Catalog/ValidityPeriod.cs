using System.Globalization;

namespace Trust.Core.Licences;

/// <summary>
/// A default validity period of a licence type, a whole number of months. Written in the catalog as an
/// ISO 8601 duration restricted to years and months (<c>P5Y</c>, <c>P6M</c>, <c>P1Y6M</c>).
/// </summary>
public readonly record struct ValidityPeriod
{
    /// <summary>The longest period accepted (100 years).</summary>
    public const int MaxMonths = 1200;

    /// <summary>Creates a period of <paramref name="months"/> months (1 to <see cref="MaxMonths"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number of months is out of range.</exception>
    public ValidityPeriod(int months)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(months, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(months, MaxMonths);
        Months = months;
    }

    /// <summary>The length of the period in months.</summary>
    public int Months { get; }

    /// <summary>The end of a validity window starting at <paramref name="start"/>.</summary>
    public DateTimeOffset AddTo(DateTimeOffset start) => start.AddMonths(Months);

    /// <summary>The end date of a validity window starting at <paramref name="start"/>.</summary>
    public DateOnly AddTo(DateOnly start) => start.AddMonths(Months);

    /// <summary>The ISO 8601 duration, for example <c>P5Y</c> or <c>P1Y6M</c> (<c>P0M</c> for the default value).</summary>
    public override string ToString()
    {
        if (Months == 0)
        {
            return "P0M";
        }

        var years = Months / 12;
        var months = Months % 12;
        return "P" + (years > 0 ? years.ToString(CultureInfo.InvariantCulture) + "Y" : "")
                   + (months > 0 ? months.ToString(CultureInfo.InvariantCulture) + "M" : "");
    }

    /// <summary>
    /// Parses <c>PnY</c>, <c>PnM</c> or <c>PnYnM</c> (no other ISO 8601 designators).
    /// </summary>
    /// <returns>false when the text is not such a duration or is out of range.</returns>
    public static bool TryParse(string? text, out ValidityPeriod period)
    {
        period = default;
        if (text is null || text.Length is < 3 or > 12 || text[0] != 'P')
        {
            return false;
        }

        var total = 0L;
        var number = -1L;
        var seenYears = false;
        var seenMonths = false;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                number = (number < 0 ? 0 : number * 10) + (c - '0');
                if (number > MaxMonths)
                {
                    return false;
                }
            }
            else if (c == 'Y' && number >= 0 && !seenYears && !seenMonths)
            {
                total += number * 12;
                seenYears = true;
                number = -1;
            }
            else if (c == 'M' && number >= 0 && !seenMonths)
            {
                total += number;
                seenMonths = true;
                number = -1;
            }
            else
            {
                return false;
            }
        }

        if (number >= 0 || total is < 1 or > MaxMonths)
        {
            return false;
        }

        period = new ValidityPeriod((int)total);
        return true;
    }
}
