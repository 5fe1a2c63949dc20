using System.Diagnostics.CodeAnalysis;
using Trust.Core.Licences;

namespace Trust.Core.Identifiers;

/// <summary>
/// The identifier of a licence holder: a resident ID number (persons, "one card") or a unified social
/// credit code (organisations, "one code"), and which of the two it is.
/// </summary>
/// <remarks>
/// A string of 18 digits can, rarely, be valid under both schemes. When the expected kind is given it
/// decides; when it is not, such a string is taken to be a resident ID number.
/// </remarks>
public sealed class HolderId : IEquatable<HolderId>
{
    private HolderId(HolderKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>Person (resident ID number) or organisation (unified social credit code).</summary>
    public HolderKind Kind { get; }

    /// <summary>The identifier, upper case.</summary>
    public string Value { get; }

    /// <summary>
    /// Checks <paramref name="value"/> as a holder identifier of the expected kind (or either kind when
    /// <paramref name="expected"/> is null) and returns null when valid, otherwise an English message
    /// without the value.
    /// </summary>
    public static string? Validate(string? value, HolderKind? expected = null)
    {
        switch (expected)
        {
            case HolderKind.Person:
                var personError = ResidentIdNumber.Validate(value);
                return personError == ResidentIdError.None ? null : ResidentIdNumber.Describe(personError);
            case HolderKind.Organisation:
                var orgError = UnifiedSocialCreditCode.Validate(value);
                return orgError == UsccError.None ? null : UnifiedSocialCreditCode.Describe(orgError);
            default:
                if (ResidentIdNumber.IsValid(value) || UnifiedSocialCreditCode.IsValid(value))
                {
                    return null;
                }

                return value is null || value.Length != 18
                    ? "holder identifier must be an 18-character resident ID number or unified social credit code"
                    : "holder identifier is neither a valid resident ID number nor a valid unified social credit code";
        }
    }

    /// <summary>Parses a holder identifier.</summary>
    /// <param name="value">The candidate identifier.</param>
    /// <param name="expected">The kind required, or null to accept either.</param>
    /// <param name="field">The field name to report (default <c>holder_id</c>).</param>
    /// <exception cref="TrustFormatException">Invalid; <see cref="TrustFormatException.Field"/> is <paramref name="field"/>.</exception>
    public static HolderId Parse(string? value, HolderKind? expected = null, string field = "holder_id") =>
        TryParse(value, expected, out var id) ? id : throw new TrustFormatException(field, Validate(value, expected)!);

    /// <summary>Parses a holder identifier without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, HolderKind? expected, [NotNullWhen(true)] out HolderId? id)
    {
        id = null;
        if (expected != HolderKind.Organisation && ResidentIdNumber.IsValid(value))
        {
            id = new HolderId(HolderKind.Person, value.ToUpperInvariant());
        }
        else if (expected != HolderKind.Person && UnifiedSocialCreditCode.IsValid(value))
        {
            id = new HolderId(HolderKind.Organisation, value);
        }

        return id is not null;
    }

    /// <inheritdoc />
    public bool Equals(HolderId? other) => other is not null && Kind == other.Kind && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HolderId);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Value));

    /// <summary>The identifier.</summary>
    public override string ToString() => Value;
}
