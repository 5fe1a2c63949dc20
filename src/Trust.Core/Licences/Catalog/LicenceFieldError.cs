namespace Trust.Core.Licences;

/// <summary>
/// One problem found when checking a holder and field values against a licence type.
/// The message never repeats the offending value (it may be personal data).
/// </summary>
public sealed class LicenceFieldError
{
    internal LicenceFieldError(string field, string message)
    {
        Field = field;
        Message = message;
    }

    /// <summary>The field code (for example <c>holder_id</c>, <c>issue_date</c>), or <c>fields</c> for the whole set.</summary>
    public string Field { get; }

    /// <summary>What is wrong, in English, without the value itself.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message}";
}
