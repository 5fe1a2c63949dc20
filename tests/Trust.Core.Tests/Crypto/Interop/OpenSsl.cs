using System.Diagnostics;

namespace Trust.Core.Tests.Crypto.Interop;

/// <summary>
/// Runs the <c>openssl</c> command-line tool (OpenSSL 3) as the independent implementation.
/// Loops run inside one <c>bash -c</c> so a hundred operations cost one process start here.
/// </summary>
internal static class OpenSsl
{
    /// <summary>Runs a bash script in <paramref name="directory"/>; returns stdout, fails the test with stderr on a non-zero exit.</summary>
    internal static string Bash(string directory, string script, bool allowFailure = false)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", script },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("bash is not available; the OpenSSL interoperability tests need bash and openssl (run ./test.sh).", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && !allowFailure)
            {
                throw new InvalidOperationException($"Script failed (exit {process.ExitCode}): {script}\n{stderr.Result}");
            }

            return stdout;
        }
    }

    /// <summary>Fails clearly when openssl 3 is missing instead of passing silently.</summary>
    internal static void EnsureAvailable()
    {
        var version = Bash(Path.GetTempPath(), "command -v openssl >/dev/null || { echo 'openssl is not installed: run ./test.sh' >&2; exit 1; }; openssl version");
        if (!version.StartsWith("OpenSSL 3.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The interoperability tests need OpenSSL 3, found: {version}");
        }
    }

    /// <summary>Parses lines "i ok" / "i bad" written by the verify loops.</summary>
    internal static Dictionary<int, bool> ParseVerdicts(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts => parts[1] == "ok");
}
