namespace Trust.Core.Grants;

/// <summary>Who is checking: the clerk and their department.</summary>
/// <param name="ClerkId">The clerk's id.</param>
/// <param name="DepartmentCode">The clerk's department code.</param>
public sealed record ClerkIdentity(string ClerkId, string DepartmentCode);

/// <summary>One check: a grant (COSE_Sign1 bytes), the service item the clerk is working on, and the clerk.</summary>
/// <param name="Grant">The grant's COSE_Sign1 bytes (empty when its QR text could not be read: the check is then denied as malformed).</param>
/// <param name="ServiceItemCode">The service item the clerk is working on.</param>
/// <param name="Clerk">The clerk.</param>
public sealed record GrantCheckRequest(ReadOnlyMemory<byte> Grant, string ServiceItemCode, ClerkIdentity Clerk)
{
    /// <summary>
    /// The field of the QR text that could not be read (for example <c>qr.base45</c>, <c>qr.zlib</c>), when the request
    /// came from <see cref="FromQrText"/> and the text was unreadable; the check is then denied as
    /// <c>grant.malformed:FIELD</c>.
    /// </summary>
    public string? UnreadableField { get; init; }

    /// <summary>A request from the grant's QR text (<c>TG1:…</c>); unreadable text gives a request that is denied as malformed, naming the layer that failed.</summary>
    public static GrantCheckRequest FromQrText(string qrText, string serviceItemCode, ClerkIdentity clerk)
    {
        try
        {
            return new GrantCheckRequest(SignedGrant.BytesFromQrText(qrText ?? ""), serviceItemCode, clerk);
        }
        catch (TrustFormatException ex)
        {
            return new GrantCheckRequest(ReadOnlyMemory<byte>.Empty, serviceItemCode, clerk) { UnreadableField = ex.Field };
        }
    }
}
