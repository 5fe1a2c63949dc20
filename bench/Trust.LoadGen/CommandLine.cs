using System.Globalization;

namespace Trust.LoadGen;

/// <summary>
/// The load generator's command line: a command word followed by <c>--name value</c> options
/// and <c>--flag</c> switches. Unknown options are an error, so a typo never runs the wrong test.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandLine(string command) => Command = command;

    /// <summary>The command word (<c>verify</c>, <c>issue</c>, ...).</summary>
    public string Command { get; }

    /// <summary>Parses <paramref name="args"/>; the switches named in <paramref name="flags"/> take no value.</summary>
    /// <exception cref="UsageException">The arguments are malformed.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("a command is required");
        }

        var line = new CommandLine(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!flags.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"--{name} needs a value");
                }

                value = args[++i];
            }

            if (!line._values.TryAdd(name, value))
            {
                throw new UsageException($"--{name} given twice");
            }
        }

        return line;
    }

    /// <summary>A text option, or <paramref name="fallback"/> when absent.</summary>
    public string? Text(string name, string? fallback = null)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var value) ? value : fallback;
    }

    /// <summary>A required text option.</summary>
    public string RequiredText(string name) =>
        Text(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required");

    /// <summary>A whole-number option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int fallback, int min = 1, int max = int.MaxValue)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name}: expected a whole number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    /// <summary>A duration option in seconds (decimals allowed) within [0, 1 day].</summary>
    public TimeSpan Seconds(string name, double fallback)
    {
        var text = Text(name);
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 86_400)
        {
            throw new UsageException($"--{name}: expected seconds (0 to 86400), got '{text}'");
        }

        return TimeSpan.FromSeconds(value);
    }

    /// <summary>Whether the switch was given.</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    /// <summary>Fails for any option the command did not read.</summary>
    /// <exception cref="UsageException">An option is unknown to the command.</exception>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s) for '{Command}': {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}

/// <summary>Bad command line (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
