using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;

namespace Trust.LoadGen;

/// <summary>What one request did: how many items it carried and how many came back with an unexpected outcome.</summary>
/// <param name="Items">Items in the request (licences in a batch, grants checked, PDFs sealed).</param>
/// <param name="Unexpected">Items whose answer was not the expected one (for example a pool licence not reported valid).</param>
/// <param name="Outcomes">Outcome names counted for the report (for example verdicts); may be null.</param>
internal readonly record struct RequestOutcome(int Items, int Unexpected, IReadOnlyDictionary<string, int>? Outcomes = null);

/// <summary>
/// Sends one request; returns null when the work is used up (a single pass over a pool ended).
/// Failures are thrown (<see cref="RpcException"/> for gRPC status codes).
/// </summary>
internal delegate Task<RequestOutcome?> RequestSender(CancellationToken cancellationToken);

/// <summary>
/// A closed-loop load phase: <c>concurrency</c> workers each send a request, wait for the answer
/// and send the next, until the duration ends or the work is used up. Latency is measured per
/// request from send to complete answer.
/// </summary>
internal static class LoadRunner
{
    /// <summary>Runs one phase.</summary>
    public static async Task<PhaseResult> RunAsync(RequestSender send, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var result = new PhaseResult(duration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        var workers = new Task<LatencyHistogram>[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            workers[w] = Task.Run(() => WorkAsync(send, result, clock, stop.Token), CancellationToken.None);
        }

        var histograms = await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        result.Elapsed = clock.Elapsed;
        foreach (var h in histograms)
        {
            result.Latency.Add(h);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private static async Task<LatencyHistogram> WorkAsync(RequestSender send, PhaseResult result, Stopwatch clock, CancellationToken stop)
    {
        var histogram = new LatencyHistogram();
        while (!stop.IsCancellationRequested)
        {
            var started = clock.Elapsed;
            RequestOutcome? outcome;
            try
            {
                outcome = await send(stop).ConfigureAwait(false);
            }
            catch (RpcException ex) when (stop.IsCancellationRequested && ex.StatusCode == StatusCode.Cancelled)
            {
                break; // the phase ended while this request was in flight: not an error
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException ex)
            {
                result.CountError(ex.StatusCode.ToString(), clock.Elapsed);
                await PauseAfterErrorAsync(stop).ConfigureAwait(false);
                continue;
            }
#pragma warning disable CA1031 // a load test reports every failure kind instead of dying on the first
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result.CountError(ex.GetType().Name, clock.Elapsed);
                await PauseAfterErrorAsync(stop).ConfigureAwait(false);
                continue;
            }

            if (outcome is not { } done)
            {
                break;
            }

            var finished = clock.Elapsed;
            histogram.Record((long)(finished - started).TotalMicroseconds);
            result.CountSuccess(done, finished);
        }

        return histogram;
    }

    private static async Task PauseAfterErrorAsync(CancellationToken stop)
    {
        try
        {
            // A failing server would otherwise be hammered in a tight loop by every worker.
            await Task.Delay(10, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // phase over
        }
    }
}

/// <summary>Counts of one phase, filled concurrently by the workers.</summary>
internal sealed class PhaseResult
{
    private readonly long[] _requestsPerSecond;
    private readonly long[] _itemsPerSecond;
    private readonly long[] _errorsPerSecond;
    private long _requests;
    private long _items;
    private long _unexpected;

    public PhaseResult(TimeSpan duration)
    {
        var seconds = (int)Math.Ceiling(duration.TotalSeconds) + 2;
        _requestsPerSecond = new long[seconds];
        _itemsPerSecond = new long[seconds];
        _errorsPerSecond = new long[seconds];
    }

    /// <summary>Latency of the successful requests (merged after the phase).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Failed requests by gRPC status code (or exception type).</summary>
    public ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Item outcomes (for example verdicts) by name.</summary>
    public ConcurrentDictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>Wall time of the phase.</summary>
    public TimeSpan Elapsed { get; set; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Items => Interlocked.Read(ref _items);

    public long Unexpected => Interlocked.Read(ref _unexpected);

    public long ErrorCount => Errors.Values.Sum();

    /// <summary>Successful requests, items and failed requests in each second of the phase.</summary>
    public IReadOnlyList<TimelineSecond> Timeline()
    {
        var seconds = Math.Min(_requestsPerSecond.Length, (int)Math.Ceiling(Elapsed.TotalSeconds));
        var list = new List<TimelineSecond>(seconds);
        for (var s = 0; s < seconds; s++)
        {
            list.Add(new TimelineSecond(s, _requestsPerSecond[s], _itemsPerSecond[s], _errorsPerSecond[s]));
        }

        return list;
    }

    internal void CountSuccess(RequestOutcome outcome, TimeSpan at)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _items, outcome.Items);
        Interlocked.Add(ref _unexpected, outcome.Unexpected);
        var second = Second(at);
        Interlocked.Increment(ref _requestsPerSecond[second]);
        Interlocked.Add(ref _itemsPerSecond[second], outcome.Items);
        if (outcome.Outcomes is { } outcomes)
        {
            foreach (var (name, count) in outcomes)
            {
                Outcomes.AddOrUpdate(name, count, (_, old) => old + count);
            }
        }
    }

    internal void CountError(string kind, TimeSpan at)
    {
        Errors.AddOrUpdate(kind, 1, (_, old) => old + 1);
        Interlocked.Increment(ref _errorsPerSecond[Second(at)]);
    }

    private int Second(TimeSpan at) => Math.Clamp((int)at.TotalSeconds, 0, _requestsPerSecond.Length - 1);
}

/// <summary>One second of a phase.</summary>
internal sealed record TimelineSecond(int Second, long Requests, long Items, long Errors);
