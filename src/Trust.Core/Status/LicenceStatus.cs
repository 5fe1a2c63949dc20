namespace Trust.Core.Status;

/// <summary>The status of a licence as kept in status lists (two bits per licence).</summary>
public enum LicenceStatus
{
    /// <summary>Not revoked or suspended (bits 00).</summary>
    Valid = 0,

    /// <summary>Temporarily suspended; can be resumed (bits 01).</summary>
    Suspended = 1,

    /// <summary>Permanently revoked (bits 10).</summary>
    Revoked = 2,
}
