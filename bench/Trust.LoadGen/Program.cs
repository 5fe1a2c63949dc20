using Trust.LoadGen;

// Exit codes: 0 done (and, with --fail-on-errors, no failed request and no wrong answer),
// 1 the run failed or found errors, 2 bad command line.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await Commands.RunAsync(args, Console.Out, cancel.Token).ConfigureAwait(false);
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync("trust-loadgen: " + ex.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync("Run 'Trust.LoadGen help' for the usage.").ConfigureAwait(false);
    return 2;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("trust-loadgen: cancelled").ConfigureAwait(false);
    return 1;
}
catch (Grpc.Core.RpcException ex)
{
    await Console.Error.WriteLineAsync($"trust-loadgen: the server refused a setup call: {ex.StatusCode}: {ex.Status.Detail}").ConfigureAwait(false);
    return 1;
}
