using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Trust.Tests.Shared;

/// <summary>
/// A child <c>dotnet</c> process (the Trust server under test) whose standard output and error are
/// captured; killed with its process tree on dispose. Shared by the server and browser test projects.
/// </summary>
internal sealed class ServerChildProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ServerChildProcess(Process process) => _process = process;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/> in the Development environment.</summary>
    public static ServerChildProcess Start(string workingDirectory, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        var child = new ServerChildProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until Kestrel says it listens; fails if the process ends or <paramref name="deadline"/> passes.</summary>
    public async Task WaitForStartedAsync(DateTime deadline)
    {
        while (!Output.Contains("Application started", StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, "server exited early:\n" + Output);
            Assert.True(DateTime.UtcNow < deadline, "server did not start:\n" + Output);
            await Task.Delay(100);
        }
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Deletes a test folder, best effort (a file may still be held by a dying process).</summary>
    public static void DeleteFolder(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
