using Trust.Core.Storage;

namespace Trust.Core.Status;

/// <summary>Answers status queries from the issuer's <see cref="ILicenceStore"/> (always current).</summary>
public sealed class StoreStatusSource : ILicenceStatusSource
{
    private readonly ILicenceStore _store;

    /// <summary>Creates the source over <paramref name="store"/>.</summary>
    public StoreStatusSource(ILicenceStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    /// <remarks>A licence the store does not know is indeterminate (<c>status.unknown_licence</c>), never valid.</remarks>
    public async ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default)
    {
        var status = await _store.GetStatusAsync(query.LicenceId, cancellationToken).ConfigureAwait(false);
        return status is { } s ? StatusLookup.Known(s) : StatusLookup.Indeterminate("status.unknown_licence");
    }
}
