using System.Diagnostics.CodeAnalysis;
using Trust.Core.Licences;
using Trust.Core.Licences.Internal;
using Trust.Core.Services.Internal;

namespace Trust.Core.Services;

/// <summary>
/// The government service items that accept electronic licences. The <see cref="Default"/> catalog is
/// read once from JSON embedded in Trust.Core and validated against <see cref="LicenceCatalog.Default"/>:
/// every licence type and every form source field must exist, and an item's licence types must all be
/// held by the kind of holder the item serves. Immutable and thread-safe.
/// </summary>
public sealed class ServiceCatalog
{
    /// <summary>Longest search query accepted; longer queries find nothing.</summary>
    public const int MaxQueryLength = 64;

    private static readonly Lazy<ServiceCatalog> DefaultCatalog =
        new(() => ServiceCatalogReader.LoadEmbedded(LicenceCatalog.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, ServiceItem> _byCode;

    internal ServiceCatalog(IEnumerable<ServiceItem> items, LicenceCatalog licences)
    {
        Items = [.. items.OrderBy(i => i.Code, StringComparer.Ordinal)];
        _byCode = Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        Licences = licences;
    }

    /// <summary>The catalog shipped inside Trust.Core, checked against <see cref="LicenceCatalog.Default"/>.</summary>
    /// <exception cref="TrustFormatException">The embedded data is invalid (a build defect; the tests prevent it).</exception>
    public static ServiceCatalog Default => DefaultCatalog.Value;

    /// <summary>All items, ordered by code.</summary>
    public IReadOnlyList<ServiceItem> Items { get; }

    /// <summary>The licence catalog the items were checked against.</summary>
    public LicenceCatalog Licences { get; }

    /// <summary>The item with this code, or null.</summary>
    public ServiceItem? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var item) ? item : null;

    /// <summary>The item with this code.</summary>
    /// <exception cref="TrustFormatException">No such item (field <c>service</c>).</exception>
    public ServiceItem Get(string? code) => Find(code) ?? throw new TrustFormatException("service", "unknown service item code");

    /// <summary>Looks up an item by code.</summary>
    public bool TryGet(string? code, [NotNullWhen(true)] out ServiceItem? item)
    {
        item = Find(code);
        return item is not null;
    }

    /// <summary>The items that require or accept <paramref name="licenceType"/>, in code order.</summary>
    public IReadOnlyList<ServiceItem> ItemsUsing(string? licenceType) =>
        licenceType is null ? [] : [.. Items.Where(i => i.Uses(licenceType))];

    /// <summary>
    /// Finds items by code or name: an exact code (case-insensitive) first, then codes starting with the
    /// query, then items whose Chinese name contains it, then items whose English name contains it
    /// (case-insensitive); each group in code order, without repeats. An empty query returns the first
    /// <paramref name="limit"/> items; a query longer than <see cref="MaxQueryLength"/> finds nothing.
    /// </summary>
    /// <param name="query">Code, or part of the Chinese or English name.</param>
    /// <param name="limit">Most items returned (1 to 1000).</param>
    public IReadOnlyList<ServiceItem> Search(string? query, int limit = 50)
    {
        limit = Math.Clamp(limit, 1, 1000);
        var q = query?.Trim() ?? "";
        if (q.Length > MaxQueryLength)
        {
            return [];
        }

        if (q.Length == 0)
        {
            return [.. Items.Take(limit)];
        }

        var exact = Items.Where(i => string.Equals(i.Code, q, StringComparison.OrdinalIgnoreCase));
        var prefix = Items.Where(i => i.Code.StartsWith(q, StringComparison.OrdinalIgnoreCase));
        var zh = Items.Where(i => i.NameZh.Contains(q, StringComparison.Ordinal));
        var en = Items.Where(i => i.NameEn.Contains(q, StringComparison.OrdinalIgnoreCase));
        return [.. exact.Concat(prefix).Concat(zh).Concat(en).Distinct().Take(limit)];
    }

    /// <summary>
    /// Reads and validates a service catalog from a UTF-8 JSON document (at most 8 MiB) of the shape
    /// <c>{"items":[{"code","name_zh","name_en","department","holder":"person|organisation","required":[TYPE...],
    /// "accepted":[TYPE...],"form":[{"field","label_zh","label_en","from":"TYPE.FIELD","transform":"none|upper|mask|date:PATTERN"}]}]}</c>,
    /// checking it against <paramref name="licences"/>.
    /// </summary>
    /// <exception cref="TrustFormatException">Invalid; the field names the item and form field, for example <c>items[PSB-001].form[birth_date].from</c>.</exception>
    public static ServiceCatalog Load(Stream json, LicenceCatalog licences)
    {
        ArgumentNullException.ThrowIfNull(licences);
        using var document = CatalogJson.ParseDocument(json, "services");
        return ServiceCatalogReader.Read([(document, "services")], licences);
    }

    /// <summary>Reads and validates a service catalog from JSON text (see <see cref="Load"/>).</summary>
    /// <exception cref="TrustFormatException">Invalid.</exception>
    public static ServiceCatalog Parse(string json, LicenceCatalog licences)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(licences);
        using var document = CatalogJson.ParseDocument(json, "services");
        return ServiceCatalogReader.Read([(document, "services")], licences);
    }
}
