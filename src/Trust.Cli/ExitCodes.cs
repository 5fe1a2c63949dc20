namespace Trust.Cli;

/// <summary>The documented exit codes of <c>trust</c> (brief section 11).</summary>
internal static class ExitCodes
{
    /// <summary>Success, or the thing checked is valid.</summary>
    internal const int Ok = 0;

    /// <summary>Checked and found invalid, or refused (for example an existing PKI without --force).</summary>
    internal const int Invalid = 1;

    /// <summary>Bad input or usage; the message says what and where.</summary>
    internal const int Usage = 2;

    /// <summary>Internal error.</summary>
    internal const int Internal = 3;
}

/// <summary>Bad input or usage detected by a command; exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The command checked something and refuses; exits with <see cref="ExitCodes.Invalid"/>.</summary>
internal sealed class CliRefusedException(string message) : Exception(message);
