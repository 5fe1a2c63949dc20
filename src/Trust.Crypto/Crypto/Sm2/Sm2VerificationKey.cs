namespace Trust.Core.Crypto.Sm2;

/// <summary>An SM2 public key.</summary>
public sealed class Sm2VerificationKey : VerificationKey
{
    private readonly ISm2PublicKeyHandle _handle;
    private readonly byte[] _point;
    private readonly byte[] _userId;
    private readonly ISm2Engine _engine;

    private Sm2VerificationKey(ISm2PublicKeyHandle handle, byte[] point, byte[] userId, ISm2Engine engine)
    {
        _handle = handle;
        _engine = engine;
        _point = point;
        _userId = userId;
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm => KeyAlgorithm.Sm2;

    /// <inheritdoc />
    public override int KeySizeInBits => 256;

    /// <summary>The uncompressed public point (0x04 ‖ x ‖ y).</summary>
    public ReadOnlySpan<byte> Point => _point;

    /// <summary>The signer ID used in Z.</summary>
    public ReadOnlySpan<byte> UserId => _userId;

    /// <summary>Creates a key from an uncompressed point (0x04 ‖ x ‖ y, 65 bytes).</summary>
    /// <exception cref="TrustKeyException">The bytes are not a point on sm2p256v1, or the ID is too long.</exception>
    public static Sm2VerificationKey FromPoint(ReadOnlySpan<byte> uncompressedPoint, byte[]? userId = null, Sm2EngineKind engine = Sm2EngineKind.Default) =>
        FromPoint(uncompressedPoint, userId ?? Sm2Curve.DefaultUserId, Sm2Engines.Get(engine));

    internal static Sm2VerificationKey FromPoint(ReadOnlySpan<byte> uncompressedPoint, ReadOnlySpan<byte> userId, ISm2Engine engine)
    {
        Sm2UserId.Validate(userId);
        var handle = engine.ImportPublic(uncompressedPoint)
            ?? throw new TrustKeyException("The SM2 public key is not a valid point on sm2p256v1.");
        return new Sm2VerificationKey(handle, uncompressedPoint.ToArray(), userId.ToArray(), engine);
    }

    /// <summary>The same key with another signer ID (same engine).</summary>
    /// <exception cref="TrustKeyException">The ID is longer than 8191 bytes.</exception>
    public Sm2VerificationKey WithUserId(ReadOnlySpan<byte> userId) => FromPoint(_point, userId, _engine);

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo() => Keys.KeyEncoding.EncodeEcSubjectPublicKeyInfo(SignatureAlgorithms.Sm2CurveOid, _point);

    /// <inheritdoc />
    public override bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!Accepts(algorithm))
        {
            return false;
        }

        // Raw r‖s and DER are both accepted (brief section 5). A 64-byte input can in principle be
        // either, so both readings are tried; verification may be variable-time.
        Span<byte> raw = stackalloc byte[EcSignatureEncoding.RawLength];
        if (signature.Length == EcSignatureEncoding.RawLength && _handle.Verify(_userId, message, signature[..32], signature[32..]))
        {
            return true;
        }

        return EcSignatureEncoding.TryDerToRaw(signature, raw) && _handle.Verify(_userId, message, raw[..32], raw[32..]);
    }
}
