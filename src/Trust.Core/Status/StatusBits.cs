namespace Trust.Core.Status;

/// <summary>
/// The packed status array: two bits per licence, index 0 in the least significant bits of
/// byte 0 (the layout of the IETF Token Status List, draft-ietf-oauth-status-list section 4.1).
/// Values: 00 valid, 01 suspended, 10 revoked; 11 is reserved and read as invalid input.
/// </summary>
internal static class StatusBits
{
    /// <summary>Bits per entry.</summary>
    public const int BitsPerEntry = 2;

    /// <summary>Bytes needed for <paramref name="entries"/> entries.</summary>
    public static int ByteLength(long entries) => checked((int)((entries + 3) / 4));

    /// <summary>Writes <paramref name="status"/> at <paramref name="index"/>.</summary>
    public static void Set(Span<byte> bits, long index, LicenceStatus status)
    {
        var shift = (int)(index % 4) * BitsPerEntry;
        ref var b = ref bits[(int)(index / 4)];
        b = (byte)((b & ~(0b11 << shift)) | ((int)status << shift));
    }

    /// <summary>Reads the two bits at <paramref name="index"/> (0 to 3).</summary>
    public static int Get(ReadOnlySpan<byte> bits, long index) => (bits[(int)(index / 4)] >> ((int)(index % 4) * BitsPerEntry)) & 0b11;
}
