using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Trust.Tests.Shared;

/// <summary>
/// A child <c>dotnet</c> process (the Trust server under test) whose standard output and error are
/// captured; killed with its process tree on dispose. Shared by the server and browser test projects.
/// </summary>
/// <remarks>
/// No child outlives the test host: dispose kills the process tree; so does the test host's own exit
/// (<see cref="AppDomain.ProcessExit"/>) for children a failed test never disposed; and a test host that is
/// killed outright closes the child's standard input, on which the server exits by itself
/// (<c>TRUST_EXIT_WHEN_STDIN_CLOSES=1</c>, see Trust.Grpc's ParentWatch).
/// </remarks>
internal sealed class ServerChildProcess : IAsyncDisposable
{
    /// <summary>Makes the server exit when its standard input closes (the test host is gone).</summary>
    public const string ExitWithParentVariable = "TRUST_EXIT_WHEN_STDIN_CLOSES";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, byte> Live = new();

    private readonly StringBuilder _output = new();
    private readonly Process _process;

    static ServerChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private ServerChildProcess(Process process) => _process = process;

    /// <summary>How many children started here are still registered (alive and not disposed).</summary>
    public static int LiveCount => Live.Keys.Count(p => !HasEnded(p));

    /// <summary>Starts a <c>dotnet</c> child tied to this test host: stdin is a pipe held by the host, and the server exits when it closes.</summary>
    public static Process StartTied(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardInput = true;
        start.Environment[ExitWithParentVariable] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException(start.FileName + " did not start");
        Live[process] = 0;
        return process;
    }

    /// <summary>Kills <paramref name="process"/> with its tree (if it still runs) and forgets it.</summary>
    public static void KillTree(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        Live.TryRemove(process, out _);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void KillAll()
    {
        foreach (var process in Live.Keys)
        {
            KillTree(process);
        }
    }

    private static bool HasEnded(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

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

        var child = new ServerChildProcess(StartTied(start));
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Closes the child's standard input, as the death of the test host would.</summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    /// <summary>Waits for the child to end (or <paramref name="cancellation"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellation)
    {
        await _process.WaitForExitAsync(cancellation);
        return _process.ExitCode;
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
        KillTree(_process);
        await _process.WaitForExitAsync();
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
