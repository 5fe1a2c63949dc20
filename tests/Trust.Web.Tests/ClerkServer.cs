using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Trust.Tests.Shared;

namespace Trust.Web.Tests;

/// <summary>
/// A real Trust server process (<c>dotnet Trust.Grpc.dll</c> from the test output folder) on free
/// loopback ports, with its own development PKI (two departments) and SQLite store in a temporary
/// folder. Killed and deleted on dispose.
/// </summary>
public sealed class ClerkServer : IAsyncDisposable
{
    private ServerChildProcess? _process;

    private ClerkServer()
    {
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "trust-web-tests-" + Guid.NewGuid().ToString("N"));

    public string PkiDirectory => Path.Combine(Directory, "pki");

    public string StorePath => Path.Combine(Directory, "trust.db");

    public int GrpcPort { get; private set; }

    public int WebPort { get; private set; }

    /// <summary>The Web endpoint, for example <c>http://127.0.0.1:40123</c>.</summary>
    public Uri WebBase => new($"http://127.0.0.1:{WebPort}");

    /// <summary>Everything the server printed so far.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Starts a server and waits until its Web endpoint answers.</summary>
    public static async Task<ClerkServer> StartAsync(params string[] extraArguments)
    {
        var server = new ClerkServer();
        await server.StartProcessAsync(extraArguments);
        return server;
    }

    private async Task StartProcessAsync(string[] extraArguments)
    {
        System.IO.Directory.CreateDirectory(PkiDirectory);
        GrpcPort = ServerChildProcess.FreePort();
        WebPort = ServerChildProcess.FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "Trust.Grpc.dll");
        Assert.True(File.Exists(dll), "server build output not found: " + dll);
        _process = ServerChildProcess.Start(Directory, new[]
        {
            dll,
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{GrpcPort}",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{WebPort}",
            $"--Trust:Pki={PkiDirectory}",
            $"--Trust:Store=sqlite:{StorePath}",
            "--Trust:PkiDepartments=2",
            "--Trust:PkiSeals=0",
        }.Concat(extraArguments));

        var deadline = DateTime.UtcNow.AddSeconds(180);
        using var http = new HttpClient();
        while (true)
        {
            Assert.False(_process.HasExited, "server exited early:\n" + Output);
            Assert.True(DateTime.UtcNow < deadline, "server did not start:\n" + Output);
            if (Output.Contains("Application started", StringComparison.Ordinal))
            {
                try
                {
                    if ((await http.GetAsync(new Uri(WebBase, "/healthz"))).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        ServerChildProcess.DeleteFolder(Directory);
    }
}
