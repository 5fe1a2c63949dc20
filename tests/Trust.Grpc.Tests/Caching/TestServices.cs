using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Trust.Grpc.Tests.Caching;

/// <summary>The shared services the integration tests need (environment variables set by ./test.sh).</summary>
internal static class TestServices
{
    /// <summary>Npgsql connection string of the test PostgreSQL (<c>TRUST_TEST_POSTGRES</c>).</summary>
    public static string Postgres => Environment.GetEnvironmentVariable("TRUST_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("TRUST_TEST_POSTGRES is not set: run ./test.sh (it starts PostgreSQL and sets it).");

    /// <summary>host:port of the shared test Redis (<c>TRUST_TEST_REDIS</c>).</summary>
    public static string Redis => Environment.GetEnvironmentVariable("TRUST_TEST_REDIS") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("TRUST_TEST_REDIS is not set: run ./test.sh (it starts Redis and sets it).");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fresh PostgreSQL database with a random name, dropped on dispose (so parallel runs never share tables).</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public string Name { get; } = "trust_test_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Connection string of the new database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = Name }.ConnectionString;

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(TestServices.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestServices.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A private redis-server on a free loopback port that a test may stop and start again.</summary>
public sealed class PrivateRedis : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; } = TestServices.FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (install redis-server; ./test.sh does)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing answers (a "slow" Redis).</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a frozen server run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        var pid = _process?.Id ?? throw new InvalidOperationException("redis-server is not running");
        using var kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the server (as a crash would).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public Task DisposeAsync() => KillAsync();
}

/// <summary>One server node using its own <see cref="PrivateRedis"/> as the L2 cache (the Redis may be stopped by the test).</summary>
public sealed class NodeWithPrivateRedis(params string[] nodeArgs) : IAsyncLifetime
{
    private ServerProcess? _node;

    /// <summary>The node's Redis.</summary>
    public PrivateRedis Redis { get; } = new();

    /// <summary>The node (after <see cref="InitializeAsync"/>).</summary>
    public ServerProcess Node => _node ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        _node = ServerProcess.Node(null, ["--Trust:Cache:Redis=" + Redis.Configuration, .. nodeArgs]);
        await _node.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
