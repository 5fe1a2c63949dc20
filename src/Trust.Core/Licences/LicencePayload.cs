namespace Trust.Core.Licences;

/// <summary>
/// The signed content of a licence: the deterministic-CBOR payload of its COSE_Sign1.
/// </summary>
/// <remarks>
/// Wire form (RFC 8949 section 4.2.1 deterministic CBOR; a map with unsigned integer keys):
/// <code>
/// {  1: identifier          tstr   (LicenceId text, with check characters)
///    2: type code           tstr
///    3: type version        uint
///    4: holder id           tstr   (resident ID number or unified social credit code)
///    5: holder name         tstr
///    6: issuing department  tstr
///    7: issued at           uint   (seconds since 1970-01-01T00:00:00Z)
///    8: valid from          uint   (seconds)
///  ? 9: valid until         uint   (seconds; absent when the licence does not expire)
///   10: fields              { * tstr => tstr }  (the type's other fields; dates yyyy-MM-dd)
///   11: status reference    { 1: status list id tstr, 2: index uint } }
/// </code>
/// Unknown keys, missing keys, other types and non-deterministic encodings are rejected.
/// </remarks>
/// <param name="Id">The licence identifier.</param>
/// <param name="TypeCode">The licence type code.</param>
/// <param name="TypeVersion">The version of the type the licence was issued under.</param>
/// <param name="HolderId">The holder's resident ID number or unified social credit code.</param>
/// <param name="HolderName">The holder's name (personal data).</param>
/// <param name="IssuerDepartment">The issuing department code.</param>
/// <param name="IssuedAt">Issue time (whole seconds).</param>
/// <param name="ValidFrom">Start of validity (whole seconds).</param>
/// <param name="ValidUntil">End of validity, or null when the licence does not expire.</param>
/// <param name="Fields">The type's field values other than <c>holder_id</c> and <c>holder_name</c>.</param>
/// <param name="StatusListId">The issuer's status list holding this licence's status.</param>
/// <param name="StatusIndex">The licence's index in that list.</param>
public sealed record LicencePayload(
    string Id,
    string TypeCode,
    int TypeVersion,
    string HolderId,
    string HolderName,
    string IssuerDepartment,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyDictionary<string, string> Fields,
    string StatusListId,
    long StatusIndex);
