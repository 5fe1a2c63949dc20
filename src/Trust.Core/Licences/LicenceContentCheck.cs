using System.Buffers.Binary;
using Trust.Core.Status;

namespace Trust.Core.Licences;

/// <summary>
/// What verifying a licence concludes from its bytes and the trust store alone: structure, the
/// COSE signature, the key id, the certificate chain at the licence's issue time, the payload
/// against its licence type and the consistency of its validity window. None of these depends
/// on the time of verification or on the licence's status, so for given bytes and a given trust
/// store the outcome never changes and may be remembered (see <see cref="LicenceVerifier.CheckContent"/>).
/// The time checks (validity period at "now", issue time not in the future) and the status
/// are evaluated each time by <see cref="LicenceVerifier.Complete"/>.
/// </summary>
/// <remarks>
/// Instances are immutable. <see cref="Verdict"/> is <see cref="LicenceVerdict.Valid"/>,
/// <see cref="LicenceVerdict.Invalid"/> or <see cref="LicenceVerdict.Untrusted"/>.
/// </remarks>
public sealed class LicenceContentCheck
{
    private const byte FormatVersion = 1;
    private const int MaxTextBytes = 1024;

    internal LicenceContentCheck(LicenceVerdict verdict, IReadOnlyList<string> reasons, SignedLicence? licence)
        : this(verdict, reasons, licence, licence?.Payload is { } p ? new Facts(p.Id, p.IssuerDepartment, p.StatusListId, p.StatusIndex, p.IssuedAt, p.ValidFrom, p.ValidUntil) : null)
    {
    }

    private LicenceContentCheck(LicenceVerdict verdict, IReadOnlyList<string> reasons, SignedLicence? licence, Facts? facts)
    {
        Verdict = verdict;
        Reasons = reasons.Count == 0 ? [] : reasons.ToArray();
        Licence = licence;
        LicenceFacts = facts;
        if (facts is not null && verdict == LicenceVerdict.Valid)
        {
            StatusQuery = new StatusQuery(facts.Id, facts.Department, facts.StatusListId, facts.StatusIndex);
        }
    }

    /// <summary><see cref="LicenceVerdict.Valid"/> when every content check passed; else invalid or untrusted.</summary>
    public LicenceVerdict Verdict { get; }

    /// <summary>Why the content is not valid (empty when valid).</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The decoded licence; null when the bytes could not be decoded or the check was read back with <see cref="TryRead"/>.</summary>
    public SignedLicence? Licence { get; }

    /// <summary>The licence identifier when the payload could be read.</summary>
    public string? LicenceId => LicenceFacts?.Id;

    /// <summary>What to ask the status source; set only when <see cref="Verdict"/> is valid (otherwise the status does not matter).</summary>
    public StatusQuery? StatusQuery { get; }

    internal Facts? LicenceFacts { get; }

    /// <summary>
    /// Writes a valid check compactly (identifier, status reference and the validity times), so
    /// that it can be kept outside the process and read back with <see cref="TryRead"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The check is not valid: only valid outcomes are meant to be kept.</exception>
    public byte[] ToBytes()
    {
        if (Verdict != LicenceVerdict.Valid || LicenceFacts is not { } f)
        {
            throw new InvalidOperationException("Only a valid content check can be written.");
        }

        using var stream = new MemoryStream(128);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(f.Id);
            writer.Write(f.Department);
            writer.Write(f.StatusListId);
            writer.Write(f.StatusIndex);
            writer.Write(f.IssuedAt.ToUnixTimeSeconds());
            writer.Write(f.ValidFrom.ToUnixTimeSeconds());
            writer.Write(f.ValidUntil is { } until ? until.ToUnixTimeSeconds() : long.MinValue);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Reads a check written by <see cref="ToBytes"/>. The result says "valid": only read bytes
    /// that this program wrote and that nobody else could have changed (authenticate them, for
    /// example with an HMAC, when they were kept in a shared cache).
    /// </summary>
    /// <returns>False, with <paramref name="check"/> null, when the bytes are not in the format.</returns>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out LicenceContentCheck? check)
    {
        check = null;
        if (bytes.Length < 1 || bytes[0] != FormatVersion || bytes.Length > 4 * MaxTextBytes)
        {
            return false;
        }

        var offset = 1;
        if (!TryText(bytes, ref offset, out var id) || !TryText(bytes, ref offset, out var department) ||
            !TryText(bytes, ref offset, out var list) || bytes.Length - offset != 4 * sizeof(long))
        {
            return false;
        }

        var index = BinaryPrimitives.ReadInt64LittleEndian(bytes[offset..]);
        var issued = BinaryPrimitives.ReadInt64LittleEndian(bytes[(offset + 8)..]);
        var from = BinaryPrimitives.ReadInt64LittleEndian(bytes[(offset + 16)..]);
        var until = BinaryPrimitives.ReadInt64LittleEndian(bytes[(offset + 24)..]);
        const long MaxSeconds = 253402300799; // 9999-12-31T23:59:59Z
        if (index < 0 || issued is < 0 or > MaxSeconds || from is < 0 or > MaxSeconds || (until != long.MinValue && until is < 0 or > MaxSeconds))
        {
            return false;
        }

        var facts = new Facts(id, department, list, index, DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(from),
            until == long.MinValue ? null : DateTimeOffset.FromUnixTimeSeconds(until));
        check = new LicenceContentCheck(LicenceVerdict.Valid, [], null, facts);
        return true;
    }

    // BinaryWriter.Write(string): 7-bit encoded length, then UTF-8.
    private static bool TryText(ReadOnlySpan<byte> bytes, ref int offset, out string text)
    {
        text = "";
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (offset >= bytes.Length || shift > 14)
            {
                return false;
            }

            var b = bytes[offset++];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (length is 0 or > MaxTextBytes || bytes.Length - offset < length)
        {
            return false;
        }

        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(bytes.Slice(offset, length));
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }

        offset += length;
        return true;
    }

    /// <summary>The payload facts the per-request checks need.</summary>
    internal sealed record Facts(string Id, string Department, string StatusListId, long StatusIndex, DateTimeOffset IssuedAt, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil);
}
