using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Trust.Core.Storage;

namespace Trust.Core.Audit;

/// <summary>
/// The hash chain of the audit log. Every entry's hash is SHA-256 (FIPS 180-4) over its canonical
/// encoding, which includes the previous entry's hash, so changing, removing, inserting or
/// reordering a record breaks the chain at that record.
/// </summary>
/// <remarks>
/// Canonical encoding (version 1), all integers big-endian:
/// <code>
/// "TRUST-AUDIT-1"                       13 ASCII bytes (domain separation)
/// sequence                              8 bytes, unsigned
/// at                                    8 bytes, signed: microseconds since 1970-01-01T00:00:00Z
/// action, actor, subject, details       each: 4-byte length, then UTF-8 bytes
/// previousHash                          32 bytes (32 zero bytes for sequence 1)
/// </code>
/// The sequence is inside the hash, so a record moved to another position no longer matches.
/// Times are kept to the microsecond (the precision of PostgreSQL's timestamps); finer ticks are
/// dropped by <see cref="NormalizeTime"/> before hashing and storing.
/// </remarks>
public static class AuditChain
{
    /// <summary>Length in bytes of a chain hash (SHA-256).</summary>
    public const int HashLength = 32;

    /// <summary>Longest action, in UTF-16 code units (for example <c>licence.revoke</c>).</summary>
    public const int MaxActionLength = 64;

    /// <summary>Longest actor, in UTF-16 code units.</summary>
    public const int MaxActorLength = 256;

    /// <summary>Longest subject, in UTF-16 code units.</summary>
    public const int MaxSubjectLength = 256;

    /// <summary>Longest details text, in UTF-16 code units.</summary>
    public const int MaxDetailsLength = 16 * 1024;

    private static readonly byte[] Domain = "TRUST-AUDIT-1"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The previous hash of the first entry: 32 zero bytes (a fresh copy).</summary>
    public static byte[] GenesisHash => new byte[HashLength];

    /// <summary>The time as stored and hashed: UTC, truncated to whole microseconds.</summary>
    public static DateTimeOffset NormalizeTime(DateTimeOffset at)
    {
        var utcTicks = at.UtcTicks;
        return new DateTimeOffset(utcTicks - (utcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>
    /// Builds the next entry of a chain: checks the values, normalises the time and computes the
    /// hash. Stores call this inside the transaction that appends. Throws
    /// <see cref="TrustFormatException"/> naming the field when a value is empty (action),
    /// too long, contains NUL or is not well-formed UTF-16.
    /// </summary>
    public static AuditEntry CreateEntry(long sequence, DateTimeOffset at, string action, string actor, string subject, string details, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        if (sequence < 1)
        {
            throw new TrustFormatException("audit.sequence", "must be 1 or more");
        }

        if (previousHash.Length != HashLength)
        {
            throw new TrustFormatException("audit.previousHash", $"must be {HashLength} bytes");
        }

        CheckText("audit.action", action, MaxActionLength, allowEmpty: false);
        CheckText("audit.actor", actor, MaxActorLength, allowEmpty: true);
        CheckText("audit.subject", subject, MaxSubjectLength, allowEmpty: true);
        CheckText("audit.details", details, MaxDetailsLength, allowEmpty: true);
        var time = NormalizeTime(at);
        var hash = ComputeHash(sequence, time, action, actor, subject, details, previousHash);
        return new AuditEntry(sequence, time, action, actor, subject, details, (byte[])previousHash.Clone(), hash);
    }

    /// <summary>
    /// SHA-256 over the canonical encoding of an entry's content (its sequence, time, texts and
    /// previous hash; not its own hash). Never throws for odd content: text that is not
    /// well-formed is encoded with replacement characters, so its hash simply will not match.
    /// </summary>
    public static byte[] ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.Sequence, entry.At, entry.Action, entry.Actor, entry.Subject, entry.Details, entry.PreviousHash);
    }

    /// <summary>SHA-256 over the canonical encoding of the given content (see the remarks of <see cref="AuditChain"/>).</summary>
    public static byte[] ComputeHash(long sequence, DateTimeOffset at, string action, string actor, string subject, string details, ReadOnlySpan<byte> previousHash)
    {
        var encoding = Encode(sequence, at, action, actor, subject, details, previousHash);
        return SHA256.HashData(encoding);
    }

    /// <summary>The canonical encoding; the sequence sits at <see cref="SequenceOffset"/>.</summary>
    internal static byte[] Encode(long sequence, DateTimeOffset at, string action, string actor, string subject, string details, ReadOnlySpan<byte> previousHash)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(details);
        var length = Domain.Length + 8 + 8 + (4 * 4) + Utf8Length(action) + Utf8Length(actor) + Utf8Length(subject) + Utf8Length(details) + previousHash.Length;
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        Domain.CopyTo(span);
        var offset = Domain.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], sequence);
        offset += 8;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], ToUnixMicroseconds(at));
        offset += 8;
        offset = WriteText(span, offset, action);
        offset = WriteText(span, offset, actor);
        offset = WriteText(span, offset, subject);
        offset = WriteText(span, offset, details);
        previousHash.CopyTo(span[offset..]);
        return buffer;
    }

    /// <summary>Byte offset of the sequence inside <see cref="Encode"/>'s output.</summary>
    internal static int SequenceOffset => Domain.Length;

    /// <summary>Microseconds since the Unix epoch (the time as hashed).</summary>
    internal static long ToUnixMicroseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static int Utf8Length(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    private static int WriteText(Span<byte> span, int offset, string text)
    {
        var written = System.Text.Encoding.UTF8.GetBytes(text, span[(offset + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], written);
        return offset + 4 + written;
    }

    private static void CheckText(string field, string? value, int maxLength, bool allowEmpty)
    {
        if (value is null)
        {
            throw new TrustFormatException(field, "is missing");
        }

        if (!allowEmpty && value.Length == 0)
        {
            throw new TrustFormatException(field, "is empty");
        }

        if (value.Length > maxLength)
        {
            throw new TrustFormatException(field, $"is longer than {maxLength} characters");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new TrustFormatException(field, "contains a NUL character");
        }

        try
        {
            _ = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new TrustFormatException(field, "is not well-formed text (unpaired surrogate)", innerException: e);
        }
    }
}
