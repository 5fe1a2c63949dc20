namespace Trust.Core.Crypto.Sm2;

/// <summary>
/// An implementation of SM2 signatures on sm2p256v1 (GB/T 32918.2). Callers go through
/// <see cref="Sm2SigningKey"/> and <see cref="Sm2VerificationKey"/>; an engine can be swapped
/// (<see cref="Sm2Engines"/>) without touching them. Engines may cache per-key precomputation
/// inside the key handles they return.
/// </summary>
internal interface ISm2Engine
{
    /// <summary>Short name for reports and benchmarks.</summary>
    string Name { get; }

    /// <summary>Imports a private scalar d (32 bytes, big-endian, 1 ≤ d ≤ n-2).</summary>
    ISm2PrivateKeyHandle ImportPrivate(ReadOnlySpan<byte> scalar);

    /// <summary>Imports an uncompressed public point (0x04 ‖ x ‖ y); returns null if not a valid curve point.</summary>
    ISm2PublicKeyHandle? ImportPublic(ReadOnlySpan<byte> uncompressedPoint);
}

/// <summary>A private key prepared by an engine.</summary>
internal interface ISm2PrivateKeyHandle : IDisposable
{
    /// <summary>The public point, uncompressed (65 bytes).</summary>
    byte[] PublicPoint { get; }

    /// <summary>Signs: e = SM3(Z ‖ M), returns DER <c>SEQUENCE { r, s }</c>. Constant time in d and the nonce.</summary>
    byte[] Sign(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message);

    /// <summary>The private scalar (32 bytes, big-endian), for encrypted export only.</summary>
    byte[] ExportScalar();
}

/// <summary>A public key prepared by an engine.</summary>
internal interface ISm2PublicKeyHandle
{
    /// <summary>Verifies r and s (each 32 bytes big-endian, already range-checked by nothing: the engine must check 1 ≤ r,s ≤ n-1).</summary>
    bool Verify(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s);
}
