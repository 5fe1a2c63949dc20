namespace Trust.Core;

/// <summary>
/// Base of the small, documented family of exceptions that Trust throws for bad input,
/// bad keys and failed operations. Verification never throws for an invalid object: it
/// returns a result; these exceptions mean the caller gave something unusable.
/// </summary>
public class TrustException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public TrustException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public TrustException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>
/// Input that is not in the expected format: names the field and, where known, the byte offset.
/// </summary>
public class TrustFormatException : TrustException
{
    /// <summary>Creates the exception for a field (and optionally a byte offset).</summary>
    public TrustFormatException(string field, string message, long? offset = null, Exception? innerException = null)
        : base(Compose(field, message, offset), innerException)
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The field, structure or argument that was malformed.</summary>
    public string Field { get; }

    /// <summary>The byte offset of the problem in the input, where known.</summary>
    public long? Offset { get; }

    private static string Compose(string field, string message, long? offset) =>
        offset is { } o ? $"{field}: {message} (at byte offset {o})" : $"{field}: {message}";
}

/// <summary>
/// A key could not be loaded or used: wrong passphrase or PIN, a public key where a private
/// key was expected, an unsupported algorithm, a token that is not present.
/// </summary>
public class TrustKeyException : TrustException
{
    /// <summary>Creates the exception with a message.</summary>
    public TrustKeyException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public TrustKeyException(string message, Exception? innerException) : base(message, innerException) { }
}
