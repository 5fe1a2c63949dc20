using System.Diagnostics;

namespace Trust.Grpc.Tests;

/// <summary>Runs the server as a short-lived process that is expected to stop by itself (a refused start).</summary>
internal static class ServerRefusal
{
    /// <summary>
    /// Starts Trust.Grpc with loopback endpoints on port 0 and <paramref name="args"/>, waits up to 60 s for it to
    /// exit (killing it after that) and returns its exit code and standard output followed by standard error.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string? workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Trust.Grpc.dll"));
        start.ArgumentList.Add("--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0");
        start.ArgumentList.Add("--Kestrel:Endpoints:Web:Url=http://127.0.0.1:0");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Trust.Tests.Shared.ServerChildProcess.StartTied(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            Trust.Tests.Shared.ServerChildProcess.KillTree(process);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
