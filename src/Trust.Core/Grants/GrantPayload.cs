namespace Trust.Core.Grants;

/// <summary>
/// The signed content of an authorisation grant: the deterministic-CBOR payload of its COSE_Sign1.
/// </summary>
/// <remarks>
/// Wire form (RFC 8949 section 4.2.1 deterministic CBOR; a map with unsigned integer keys, all present):
/// <code>
/// {  1: grant id          tstr   (32 upper-case hex digits: 128 random bits)
///    2: holder id         tstr   (resident ID number: "one card"; unified social credit code: "one code")
///    3: grantee clerk     tstr   (clerk id; "" = any clerk of the department)
///    4: grantee dept      tstr   (department code; "" = any department; not both empty)
///    5: service item      tstr   (code in the service catalog)
///    6: licence ids       [* tstr]  (empty = any licence of the item's types)
///    7: purpose           tstr
///    8: issued at         uint   (seconds since 1970-01-01T00:00:00Z)
///    9: not before        uint   (seconds)
///   10: expires           uint   (seconds; the grant is not valid from this instant on)
///   11: nonce             bstr   (16 random bytes)
///   12: single use        bool }
/// </code>
/// Unknown keys, missing keys, other types and non-deterministic encodings are rejected.
/// </remarks>
/// <param name="Id">The grant identifier.</param>
/// <param name="HolderId">The holder's resident ID number or unified social credit code (personal data).</param>
/// <param name="ClerkId">The clerk the grant is for, or empty for any clerk of <paramref name="DepartmentCode"/>.</param>
/// <param name="DepartmentCode">The department the grant is for, or empty for <paramref name="ClerkId"/> in any department.</param>
/// <param name="ServiceItemCode">The service item the grant is for.</param>
/// <param name="LicenceIds">The only licences that may be used, or empty for any licence of the item's types.</param>
/// <param name="Purpose">Why the holder grants access (free text).</param>
/// <param name="IssuedAt">Issue time (whole seconds).</param>
/// <param name="NotBefore">Start of validity (whole seconds).</param>
/// <param name="ExpiresAt">End of validity (whole seconds, exclusive).</param>
/// <param name="Nonce">16 random bytes.</param>
/// <param name="SingleUse">Whether the grant may be used for one allowed check only.</param>
public sealed record GrantPayload(
    string Id,
    string HolderId,
    string ClerkId,
    string DepartmentCode,
    string ServiceItemCode,
    IReadOnlyList<string> LicenceIds,
    string Purpose,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset ExpiresAt,
    ReadOnlyMemory<byte> Nonce,
    bool SingleUse);
