using System.Diagnostics;

namespace Trust.Core.Tests.Pki;

/// <summary>Runs the openssl command-line tool (OpenSSL 3, installed by ./test.sh).</summary>
internal static class OpenSsl
{
    internal static (int ExitCode, string Output) Run(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start; run ./test.sh, which installs it");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
