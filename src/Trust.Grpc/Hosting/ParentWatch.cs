namespace Trust.Grpc.Hosting;

/// <summary>
/// Opt-in (<c>TRUST_EXIT_WHEN_STDIN_CLOSES=1</c>, set by the test fixtures that start the server as a child process):
/// the server exits when its standard input reaches end of file, that is when the parent that holds the other end
/// of the pipe is gone, however it ended (even killed). So a test run never leaves servers behind.
/// </summary>
internal static class ParentWatch
{
    /// <summary>The environment variable that turns the watch on (value <c>1</c>).</summary>
    public const string Variable = "TRUST_EXIT_WHEN_STDIN_CLOSES";

    /// <summary>Exit code when the parent is gone.</summary>
    public const int ExitCode = 3;

    /// <summary>Starts the watch when <see cref="Variable"/> is <c>1</c>.</summary>
    public static void StartIfAsked()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(Variable), "1", StringComparison.Ordinal))
        {
            return;
        }

        var thread = new Thread(Watch) { IsBackground = true, Name = "parent-watch" };
        thread.Start();
    }

    private static void Watch()
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
                // Whatever the parent writes is ignored; only the end of the stream matters.
            }
        }
        catch (IOException)
        {
            // A broken pipe is the parent gone too.
        }

        Console.Error.WriteLine("Trust server: standard input closed (the parent process is gone); exiting.");
        Environment.Exit(ExitCode);
    }
}
