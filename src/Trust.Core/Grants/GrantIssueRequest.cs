namespace Trust.Core.Grants;

/// <summary>What to grant: a holder lets a clerk and/or department use their licences for one service item.</summary>
/// <param name="HolderId">Resident ID number ("one card", person items) or unified social credit code ("one code", organisation items).</param>
/// <param name="ServiceItemCode">The service item (must exist in the service catalog and serve the holder's kind).</param>
public sealed record GrantIssueRequest(string HolderId, string ServiceItemCode)
{
    /// <summary>Shortest validity in minutes.</summary>
    public const int MinValidityMinutes = 1;

    /// <summary>Longest validity in minutes (one day).</summary>
    public const int MaxValidityMinutes = 1440;

    /// <summary>The clerk the grant is for; null for any clerk of <see cref="DepartmentCode"/>.</summary>
    public string? ClerkId { get; init; }

    /// <summary>The department the grant is for; null for <see cref="ClerkId"/> in any department. At least one of the two is needed.</summary>
    public string? DepartmentCode { get; init; }

    /// <summary>The only licences that may be used (at most 32, each of a type the item uses); empty or null for any.</summary>
    public IReadOnlyList<string>? LicenceIds { get; init; }

    /// <summary>Why the holder grants access (at most 256 characters, no control characters).</summary>
    public string Purpose { get; init; } = "";

    /// <summary>Validity from issue, in minutes (<see cref="MinValidityMinutes"/> to <see cref="MaxValidityMinutes"/>).</summary>
    public int ValidityMinutes { get; init; } = 30;

    /// <summary>Whether the grant may be used for one allowed check only.</summary>
    public bool SingleUse { get; init; }
}
