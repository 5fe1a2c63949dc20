using System.Globalization;

namespace Trust.Grpc.Hosting;

/// <summary>What one configuration key allows; <see cref="Problem"/> says what is wrong with a value, or null.</summary>
/// <param name="Key">The full configuration key, for example <c>Trust:Limits:MaxPdfBytes</c>.</param>
internal abstract record SettingRule(string Key)
{
    /// <summary>The allowed values in words, for example <c>between 1 and 4294967296</c>.</summary>
    public abstract string Allowed { get; }

    /// <summary>Whether an empty value means "not set" (strings); the binder refuses empty numbers and flags.</summary>
    public virtual bool EmptyIsDefault => false;

    /// <summary>Null when <paramref name="value"/> is allowed, else why not (without the key).</summary>
    public abstract string? Problem(string value);

    /// <summary>The value as it may be printed: short, one line.</summary>
    protected static string Shown(string value)
    {
        var oneLine = new string([.. value.Select(c => char.IsControl(c) ? '?' : c)]);
        return oneLine.Length <= 40 ? oneLine : oneLine[..40] + "...";
    }
}

/// <summary>A whole number between <paramref name="Min"/> and <paramref name="Max"/> (both allowed).</summary>
internal sealed record WholeNumberRule(string Key, long Min, long Max, string? Note = null) : SettingRule(Key)
{
    public override string Allowed =>
        string.Create(CultureInfo.InvariantCulture, $"between {Min} and {Max}") + (Note is null ? "" : $" ({Note})");

    public override string? Problem(string value)
    {
        if (!long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"'{Shown(value)}' is not a whole number";
        }

        return number < Min || number > Max ? string.Create(CultureInfo.InvariantCulture, $"{number} is not allowed") : null;
    }
}

/// <summary>A number (decimals allowed) between <paramref name="Min"/> and <paramref name="Max"/>.</summary>
internal sealed record NumberRule(string Key, double Min, double Max) : SettingRule(Key)
{
    public override string Allowed => string.Create(CultureInfo.InvariantCulture, $"between {Min} and {Max}");

    public override string? Problem(string value)
    {
        if (!double.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return $"'{Shown(value)}' is not a number";
        }

        return number >= Min && number <= Max ? null : $"{Shown(value.Trim())} is not allowed";
    }
}

/// <summary><c>true</c> or <c>false</c>.</summary>
internal sealed record FlagRule(string Key) : SettingRule(Key)
{
    public override string Allowed => "true or false";

    public override string? Problem(string value) => bool.TryParse(value.Trim(), out _) ? null : $"'{Shown(value)}' is not allowed";
}

/// <summary>One of a few words (case does not matter).</summary>
internal sealed record ChoiceRule(string Key, params string[] Choices) : SettingRule(Key)
{
    public override string Allowed => "one of " + string.Join(", ", Choices);

    public override bool EmptyIsDefault => true;

    public override string? Problem(string value) =>
        Choices.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase) ? null : $"'{Shown(value)}' is not allowed";
}

/// <summary>A duration (<c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>, as the binder reads it) between <paramref name="Min"/> and <paramref name="Max"/> (both allowed).</summary>
internal sealed record DurationRule(string Key, TimeSpan Min, TimeSpan Max) : SettingRule(Key)
{
    public override string Allowed => string.Create(CultureInfo.InvariantCulture, $"a duration (hh:mm:ss) between {Min:c} and {Max:c}");

    public override string? Problem(string value)
    {
        if (!TimeSpan.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var duration))
        {
            return $"'{Shown(value)}' is not a duration";
        }

        return duration < Min || duration > Max ? $"{Shown(value.Trim())} is not allowed" : null;
    }
}

/// <summary>A comma-separated list of signature algorithm names, <c>all</c> or <c>none</c> (<c>Trust:Cache:L2Algorithms</c>).</summary>
internal sealed record AlgorithmListRule(string Key) : SettingRule(Key)
{
    public override string Allowed => "all, none, or names from " + string.Join(", ", Trust.Core.Crypto.SignatureAlgorithms.All.Select(Trust.Core.Crypto.SignatureAlgorithms.DisplayName)) + " separated by commas";

    public override bool EmptyIsDefault => true;

    public override string? Problem(string value)
    {
        try
        {
            _ = Caching.SignatureCache.ParseL2Algorithms(value);
            return null;
        }
        catch (FormatException e)
        {
            return $"'{Shown(value)}': {e.Message}";
        }
    }
}
