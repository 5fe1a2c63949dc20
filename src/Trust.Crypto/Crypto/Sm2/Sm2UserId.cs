namespace Trust.Core.Crypto.Sm2;

/// <summary>Limits on the SM2 signer ID that goes into Z.</summary>
internal static class Sm2UserId
{
    /// <summary>ENTL is the ID's length in bits as two bytes (GB/T 32918.2 section 5.5), so at most 8191 bytes.</summary>
    internal const int MaxLength = 8191;

    internal static void Validate(ReadOnlySpan<byte> userId)
    {
        if (userId.Length > MaxLength)
        {
            throw new TrustKeyException($"An SM2 signer ID is at most {MaxLength} bytes, got {userId.Length}.");
        }
    }
}
