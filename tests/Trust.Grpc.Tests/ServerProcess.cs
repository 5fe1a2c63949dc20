using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Trust.Grpc.Tests;

/// <summary>
/// A real Trust server process (<c>dotnet Trust.Grpc.dll</c> from the test's output folder) on free
/// loopback ports, with its own development PKI (two departments) and SQLite store in a temporary
/// folder. Killed and cleaned up on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime
{
    /// <summary>Batch maximum the test server is started with (small, so the oversize test is cheap).</summary>
    public const int MaxBatchSize = 50;

    /// <summary>Largest message the test server accepts.</summary>
    public const int MaxReceiveMessageSize = 256 * 1024;

    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "trust-grpc-tests-" + Guid.NewGuid().ToString("N"));

    public string PkiDirectory => Path.Combine(Directory, "pki");

    public int GrpcPort { get; private set; }

    public int WebPort { get; private set; }

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The server's store (tests may open it too: SQLite allows several processes).</summary>
    public string StoreSpec => "sqlite:" + Path.Combine(Directory, "trust.db");

    /// <summary>Everything the server printed so far.</summary>
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

    public async Task InitializeAsync()
    {
        // Like a fresh clone's certs-dev: only the tracked README placeholder.
        System.IO.Directory.CreateDirectory(PkiDirectory);
        await File.WriteAllTextAsync(Path.Combine(PkiDirectory, "README.md"), "placeholder");
        GrpcPort = FreePort();
        WebPort = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "Trust.Grpc.dll");
        Assert.True(File.Exists(dll), "server build output not found: " + dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            dll,
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{GrpcPort}",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{WebPort}",
            $"--Trust:Pki={PkiDirectory}",
            $"--Trust:Store={StoreSpec}",
            "--Trust:PkiDepartments=2",
            "--Trust:PkiSeals=0",
            $"--Trust:MaxBatchSize={MaxBatchSize}",
            $"--Trust:MaxReceiveMessageSize={MaxReceiveMessageSize}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Wait until Kestrel listens before the first call, so the channel never sees a refused connection.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!Output.Contains("Application started", StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, "server exited early:\n" + Output);
            Assert.True(DateTime.UtcNow < deadline, "server did not start:\n" + Output);
            await Task.Delay(100);
        }

        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        var health = new Health.HealthClient(Channel);
        while ((await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            Assert.True(DateTime.UtcNow < deadline, "server did not report SERVING:\n" + Output);
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
