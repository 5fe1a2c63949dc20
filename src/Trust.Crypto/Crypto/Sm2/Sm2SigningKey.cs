using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace Trust.Core.Crypto.Sm2;

/// <summary>An SM2 private key in memory (GB/T 32918.2 signatures with SM3).</summary>
public sealed class Sm2SigningKey : SigningKey
{
    private readonly ISm2PrivateKeyHandle _handle;
    private readonly byte[] _userId;
    private readonly ISm2Engine _engine;

    private Sm2SigningKey(ISm2PrivateKeyHandle handle, ReadOnlySpan<byte> userId, ISm2Engine engine)
    {
        _handle = handle;
        _userId = userId.ToArray();
        _engine = engine;
        PublicKey = Sm2VerificationKey.FromPoint(handle.PublicPoint, userId, engine);
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm => KeyAlgorithm.Sm2;

    /// <inheritdoc />
    public override VerificationKey PublicKey { get; }

    /// <inheritdoc />
    public override bool IsExportable => true;

    /// <summary>The signer ID used in Z (default ASCII <c>1234567812345678</c>).</summary>
    public ReadOnlySpan<byte> UserId => _userId;

    /// <summary>Generates a fresh key with a uniformly random scalar in [1, n-2].</summary>
    public static Sm2SigningKey Generate(Sm2EngineKind engine = Sm2EngineKind.Default)
    {
        var n = Sm2Curve.Domain.N;
        Span<byte> candidate = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(candidate);
            var d = new BigInteger(1, candidate.ToArray());
            if (d.SignValue > 0 && d.CompareTo(n.Subtract(BigInteger.Two)) <= 0)
            {
                var key = FromPrivateScalar(candidate, engine: engine);
                CryptographicOperations.ZeroMemory(candidate);
                return key;
            }
        }
    }

    /// <summary>Creates a key from its private scalar d (32 bytes, big-endian).</summary>
    /// <param name="scalar">The private scalar.</param>
    /// <param name="userId">Signer ID for Z; null for the default <c>1234567812345678</c>.</param>
    /// <param name="engine">The SM2 engine to use.</param>
    /// <exception cref="TrustKeyException">The scalar is out of range, or the ID is too long.</exception>
    public static Sm2SigningKey FromPrivateScalar(ReadOnlySpan<byte> scalar, byte[]? userId = null, Sm2EngineKind engine = Sm2EngineKind.Default)
    {
        if (scalar.Length != 32)
        {
            throw new TrustKeyException($"An SM2 private key is 32 bytes, got {scalar.Length}.");
        }

        return FromPrivateScalar(scalar, userId ?? Sm2Curve.DefaultUserId, Sm2Engines.Get(engine));
    }

    private static Sm2SigningKey FromPrivateScalar(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> userId, ISm2Engine engine)
    {
        Sm2UserId.Validate(userId);
        return new Sm2SigningKey(engine.ImportPrivate(scalar), userId, engine);
    }

    /// <summary>The SM2 engine behind this key, for reports and benchmarks.</summary>
    internal string EngineName => _engine.Name;

    /// <summary>The same key with another signer ID (same engine).</summary>
    /// <exception cref="TrustKeyException">The ID is longer than 8191 bytes (ENTL is 16 bits of bit length, GB/T 32918.2 section 5.5).</exception>
    public Sm2SigningKey WithUserId(ReadOnlySpan<byte> userId)
    {
        var scalar = _handle.ExportScalar();
        try
        {
            return FromPrivateScalar(scalar, userId, _engine);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <inheritdoc />
    public override byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message)
    {
        EnsureAlgorithm(algorithm);
        return _handle.Sign(_userId, message);
    }

    internal byte[] ExportScalar() => _handle.ExportScalar();

    internal override byte[] ExportPkcs8()
    {
        var scalar = _handle.ExportScalar();
        try
        {
            return Keys.KeyEncoding.EncodeEcPkcs8(SignatureAlgorithms.Sm2CurveOid, scalar, _handle.PublicPoint);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }
    }
}
