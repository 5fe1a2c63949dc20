using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Core.Tests.Grants;

/// <summary>
/// Every service item of the catalog, end to end: with a grant and the holder's licences (one per
/// licence type, issued once from the types' example values and shared by all items of the holder's
/// kind), the check is allowed and fills every form field; hiding one licence reports its type
/// missing; revoking it reports it revoked.
/// </summary>
public sealed class GrantCatalogCoverageTests
{
    [Fact]
    public async Task Every_service_item_is_allowed_fills_its_form_and_reports_missing_and_revoked_licences()
    {
        var items = ServiceCatalog.Default.Items;
        Assert.True(items.Count >= 200, $"catalog has {items.Count} items");
        var f = new GrantFixture();
        var view = new LicenceStoreView(f.Licences.Store);
        var checker = f.NewChecker(view);
        var licenceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in items.SelectMany(i => i.LicenceTypes).Distinct(StringComparer.Ordinal))
        {
            var item = items.First(i => i.Uses(type));
            licenceOf[type] = (await f.IssueLicenceAsync(type, GrantFixture.HolderFor(item))).Id;
        }

        var failures = new List<string>();
        foreach (var item in items)
        {
            var grant = await f.GrantAsync(item);
            var request = new GrantCheckRequest(grant.Encoded, item.Code, GrantFixture.Clerk);

            var full = await checker.CheckAsync(request);
            var filled = full.Licences.SelectMany(l => l.Form).ToDictionary(kv => kv.Key, kv => kv.Value);
            if (!full.IsAllowed || full.Licences.Any(l => l.Verdict != LicenceVerdict.Valid) ||
                item.Form.Any(m => !filled.TryGetValue(m.Field, out var v) || string.IsNullOrEmpty(v)) ||
                !full.Licences.Select(l => l.LicenceType).SequenceEqual(item.LicenceTypes))
            {
                failures.Add($"{item.Code}: full check {full} filled {filled.Count}/{item.Form.Count}");
                continue;
            }

            var removed = item.RequiredLicenceTypes.Count > 0 ? item.RequiredLicenceTypes[0] : item.LicenceTypes[0];
            view.Hidden.Add(licenceOf[removed]);
            var missing = await checker.CheckAsync(request);
            view.Hidden.Clear();
            var missingEntry = missing.Licences.Single(l => l.LicenceType == removed);
            if (!missing.IsAllowed || missingEntry.Found || missingEntry.VerdictText != "missing" || missingEntry.Form.Count != 0 ||
                missing.Licences.Any(l => l.LicenceType != removed && !l.Found))
            {
                failures.Add($"{item.Code}: removing {removed} did not report it missing");
            }
        }

        // Revocation is final, so it runs after every item has been checked with all licences valid.
        foreach (var item in items)
        {
            var revokedType = item.RequiredLicenceTypes.Count > 0 ? item.RequiredLicenceTypes[0] : item.LicenceTypes[0];
            var id = licenceOf[revokedType];
            if (await f.Licences.Store.GetStatusAsync(id) != LicenceStatus.Revoked)
            {
                await f.Licences.Store.SetStatusAsync(new StatusChange(id, LicenceStatus.Revoked, "test", f.Clock.GetUtcNow()));
            }

            var result = await checker.CheckAsync(new GrantCheckRequest((await f.GrantAsync(item)).Encoded, item.Code, GrantFixture.Clerk));
            var entry = result.Licences.Single(l => l.LicenceType == revokedType);
            if (!result.IsAllowed || entry.Verdict != LicenceVerdict.Revoked || entry.VerdictText != "revoked" || entry.LicenceId != id || entry.Form.Count != 0)
            {
                failures.Add($"{item.Code}: revoking {revokedType} reported {entry.VerdictText}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }
}
