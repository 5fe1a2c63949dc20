using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trust.Core;
using Trust.Core.Pki;
using Trust.Grpc.Hosting;

namespace Trust.Grpc.Security;

/// <summary>
/// Keeps the validator's CRLs current without a restart. Every <c>Trust:Auth:CrlRefreshSeconds</c>
/// it compares the CRL file's modification time and length with what it last saw (a periodic check,
/// because file-system notifications are lost on network and container file systems) and, when
/// they changed, re-reads it and replaces the CRLs of the shared <see cref="CertificateValidator"/>
/// (client certificates, licence issuers, seals). A file that does not parse, holds no CRL, carries
/// a CRL whose signature no known CA verifies, drops the CRL of a CA that had one, or goes back to
/// an older CRL of a CA than the one in force, replaces nothing: the previous CRLs stay, the error is
/// logged and health reports degraded until a good file arrives.
/// <para>Staleness (RFC 5280 section 5.1.2.5, <c>nextUpdate</c>): past it, the validator treats the
/// CA's revocation status as unknown and refuses its certificates (fail closed, no grace period);
/// this service logs a warning once per stale CRL and health reports degraded.</para>
/// </summary>
internal sealed class CrlRefresher : BackgroundService
{
    /// <summary>The CRL file inside the PKI folder (one PEM file with every CA's CRL).</summary>
    internal const string CrlFile = "crl/all.pem";

    private readonly CertificateValidator _validator;
    private readonly ILogger<CrlRefresher> _logger;
    private readonly TimeSpan _period;
    private readonly string _path;
    private readonly HashSet<string> _warnedStale = new(StringComparer.Ordinal);
    private (DateTime Written, long Length)? _seen;
    private volatile State _state = new([], null);
    private CancellationTokenSource _changed = new();

    public CrlRefresher(CertificateValidator validator, string pkiDirectory, TrustServerOptions options, ILogger<CrlRefresher> logger)
    {
        _validator = validator;
        _logger = logger;
        _path = Path.Combine(pkiDirectory, CrlFile);
        _period = TimeSpan.FromSeconds(Math.Max(1, options.Auth.CrlRefreshSeconds));
    }

    /// <summary>The CRLs in force (as of the last successful load) and the last load's error, if any.</summary>
    internal State Current => _state;

    /// <summary>Cancelled when new CRLs come into force (take it again afterwards: each reload has its own token).</summary>
    internal CancellationToken Changed => Volatile.Read(ref _changed).Token;

    /// <summary>The earliest <c>nextUpdate</c> of the CRLs in force (null: none known); cached certificate decisions must not outlive it.</summary>
    internal DateTimeOffset? EarliestNextUpdate => _state.Crls.Select(c => c.NextUpdate).Where(n => n is not null).Min();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period);
        do
        {
            Check(DateTimeOffset.UtcNow);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One check: reload when the file changed, then report CRLs that went stale.</summary>
    internal void Check(DateTimeOffset now)
    {
        var info = new FileInfo(_path);
        (DateTime, long)? stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
        if (stamp != _seen)
        {
            _seen = stamp;
            Reload(stamp is null);
        }

        foreach (var crl in _state.Crls.Where(c => c.IsStaleAt(now)))
        {
            if (_warnedStale.Add(crl.Issuer + "|" + crl.NextUpdate!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))
            {
                AuthLog.CrlStale(_logger, crl.Issuer, crl.NextUpdate.Value);
            }
        }
    }

    private void Reload(bool missing)
    {
        try
        {
            if (missing)
            {
                throw new TrustFormatException("crl", "the file does not exist");
            }

            var crls = CertificatePem.LoadCrlFile(_path);
            if (crls.Count == 0)
            {
                throw new TrustFormatException("crl", "the file holds no X509 CRL");
            }

            var previous = _state.Crls;
            var replaced = _validator.ReplaceCrls(crls, candidate => Regression(previous, candidate));
            _state = new State(replaced, null);
            AuthLog.CrlsReloaded(_logger, _path, replaced.Count, replaced.Sum(c => c.RevokedCount));

            NotifyChanged();
        }
        catch (Exception ex) when (ex is TrustFormatException or IOException or UnauthorizedAccessException)
        {
            var reason = ex is TrustFormatException ? ex.Message : ex.GetType().Name;
            _state = _state with { Error = reason };
            AuthLog.CrlReloadFailed(_logger, _path, reason);
        }
    }

    /// <summary>Wakes the watchers of <see cref="Changed"/> (streams opened with client certificates); their failures never stop the refresher.</summary>
    private void NotifyChanged()
    {
        // Not disposed: a watcher may still be registering on its token; a timer-less source holds nothing to free.
        try
        {
            Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
        }
        catch (AggregateException ex)
        {
            AuthLog.StreamRecheckFailed(_logger, ex.InnerException?.GetType().Name ?? nameof(AggregateException));
        }
    }

    /// <summary>Why <paramref name="candidate"/> must not replace <paramref name="previous"/>: a CA's CRL missing, or older than the one in force; null when acceptable.</summary>
    internal static string? Regression(IReadOnlyList<CrlSummary> previous, IReadOnlyList<CrlSummary> candidate)
    {
        foreach (var old in previous.GroupBy(c => c.Issuer, StringComparer.Ordinal))
        {
            var newest = old.Max(c => c.ThisUpdate);
            var replacement = candidate.Where(c => string.Equals(c.Issuer, old.Key, StringComparison.Ordinal)).ToList();
            if (replacement.Count == 0)
            {
                return $"it has no CRL of {old.Key}, which had one";
            }

            if (replacement.Max(c => c.ThisUpdate) < newest)
            {
                return $"its CRL of {old.Key} is older (thisUpdate) than the one in force";
            }
        }

        return null;
    }

    /// <summary>The CRLs in force and the last load's error (null when the last load succeeded).</summary>
    internal sealed record State(IReadOnlyList<CrlSummary> Crls, string? Error);
}

/// <summary>Health of the CRLs: degraded when the last reload failed or a CRL in force is past its nextUpdate.</summary>
internal sealed class CrlHealthCheck : IHealthCheck
{
    /// <summary>The check's name (in <c>/healthz</c>).</summary>
    internal const string Name = "crl";

    private readonly CrlRefresher _refresher;

    public CrlHealthCheck(CrlRefresher refresher) => _refresher = refresher;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = _refresher.Current;
        var stale = state.Crls.Where(c => c.IsStaleAt(DateTimeOffset.UtcNow)).Select(c => c.Issuer).ToList();
        var problems = new List<string>();
        if (state.Error is not null)
        {
            problems.Add("the CRL file was not loaded (" + state.Error + "); the previous CRLs stay in force");
        }

        if (stale.Count > 0)
        {
            problems.Add("stale CRL (past nextUpdate) of " + string.Join(", ", stale) + ": its certificates are refused");
        }

        return Task.FromResult(problems.Count == 0 ? HealthCheckResult.Healthy("CRLs current") : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}
