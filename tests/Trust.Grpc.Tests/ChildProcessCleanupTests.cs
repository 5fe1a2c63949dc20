using Trust.Tests.Shared;

namespace Trust.Grpc.Tests;

/// <summary>No server started by a test outlives the test host, however the host ends.</summary>
public sealed class ChildProcessCleanupTests
{
    [Fact]
    public async Task A_server_exits_by_itself_when_its_parent_closes_its_standard_input()
    {
        var server = new ServerProcess();
        try
        {
            await server.InitializeAsync();
            var child = server.Child!;
            Assert.False(child.HasExited);

            // What a killed test host does to the pipe: the server must notice and stop without being killed.
            child.CloseStandardInput();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard, not a timing assertion
            var code = await child.WaitForExitAsync(guard.Token);

            Assert.Equal(3, code);
            Assert.Contains("standard input closed", child.Output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispose_kills_the_server_and_forgets_it()
    {
        var server = new ServerProcess();
        await server.InitializeAsync();
        var pid = server.ProcessId;
        Assert.True(Directory.Exists($"/proc/{pid}"));

        await server.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), "the server process is still alive after dispose");
    }
}
