using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Trust.Core.Crypto;

namespace Trust.Core.Keys.Pkcs11;

/// <summary>
/// A private key held in a PKCS#11 token (HSM, smart card, SoftHSM). The key never leaves the
/// token: signing runs inside it. RSA keys sign with CKM_SHA256_RSA_PKCS (PKCS#1 v1.5) and
/// CKM_SHA256_RSA_PKCS_PSS (MGF1-SHA-256, salt 32); EC P-256 keys sign a SHA-256 digest with
/// CKM_ECDSA, whose raw r‖s output (PKCS#11 v2.40 section 2.3.1) is returned DER-encoded like
/// every other ECDSA signature here. SM2 keys in tokens are not supported.
/// </summary>
/// <remarks>
/// One PKCS#11 session per key; signing is serialised on it. Logging in is per token and per
/// process (PKCS#11 v2.40 section 5.6): while another key of the same token is open, the token
/// is already logged in and the PIN is not checked again.
/// </remarks>
public sealed class Pkcs11SigningKey : SigningKey
{
    private readonly Pkcs11Module _module;
    private readonly ISession _session;
    private readonly IObjectHandle _key;
    private readonly Lock _gate = new();
    private bool _disposed;

    private Pkcs11SigningKey(Pkcs11Module module, ISession session, IObjectHandle key, KeyAlgorithm algorithm, VerificationKey publicKey, string description)
    {
        _module = module;
        _session = session;
        _key = key;
        KeyAlgorithm = algorithm;
        PublicKey = publicKey;
        Description = description;
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm { get; }

    /// <inheritdoc />
    public override VerificationKey PublicKey { get; }

    /// <summary>Always false: the private key stays in the token.</summary>
    public override bool IsExportable => false;

    /// <summary>Which token and key this is, for logs (no PIN).</summary>
    public string Description { get; }

    /// <summary>Opens a key, reading the PIN from <see cref="Pkcs11KeyOptions.PinEnvironmentVariable"/> or <see cref="Pkcs11KeyOptions.PinFile"/>.</summary>
    /// <exception cref="TrustKeyException">No PIN source, module missing, token missing, wrong PIN, key missing or ambiguous, unsupported key type or curve.</exception>
    public static Pkcs11SigningKey Open(Pkcs11KeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Open(options, options.ReadPin());
    }

    /// <summary>Opens a key with the given user PIN.</summary>
    /// <exception cref="TrustKeyException">Module missing, token missing, wrong PIN, key missing or ambiguous, unsupported key type or curve.</exception>
    public static Pkcs11SigningKey Open(Pkcs11KeyOptions options, string pin)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentException.ThrowIfNullOrEmpty(options.TokenLabel);
        if (string.IsNullOrEmpty(options.KeyLabel) && string.IsNullOrEmpty(options.KeyId))
        {
            throw new TrustKeyException("A PKCS#11 key needs a key label or a key id.");
        }

        var keyId = ParseId(options.KeyId);
        var module = Pkcs11Module.Acquire(options.LibraryPath);
        ISession? session = null;
        try
        {
            var slot = module.FindSlot(options.TokenLabel);
            session = OpenSession(slot, options.TokenLabel);
            Login(session, pin, options.TokenLabel);
            var key = Pkcs11Objects.FindOne(session, CKO.CKO_PRIVATE_KEY, options.KeyLabel, keyId)
                ?? throw new TrustKeyException($"No private key {options.Describe()} in PKCS#11 token '{options.TokenLabel}'.");
            var (algorithm, publicKey) = Pkcs11Objects.ReadPublicKey(session, key, options);
            var description = $"pkcs11:token={options.TokenLabel};object={options.Describe()}";
            return new Pkcs11SigningKey(module, session, key, algorithm, publicKey, description);
        }
        catch
        {
            CloseQuietly(session);
            module.Release();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="TrustKeyException">The algorithm does not fit the key, or the token refused to sign.</exception>
    public override byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message)
    {
        EnsureAlgorithm(algorithm);
        var factories = Pkcs11Module.Factories;
        var (mechanism, data) = algorithm switch
        {
            SignatureAlgorithm.RsaPkcs1Sha256 => (factories.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS), message.ToArray()),
            SignatureAlgorithm.RsaPssSha256 => (
                factories.MechanismFactory.Create(
                    CKM.CKM_SHA256_RSA_PKCS_PSS,
                    factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)CKM.CKM_SHA256, (ulong)CKG.CKG_MGF1_SHA256, 32)),
                message.ToArray()),
            // CKM_ECDSA signs a caller-supplied hash (PKCS#11 v2.40 section 2.3.6).
            SignatureAlgorithm.EcdsaP256Sha256 => (factories.MechanismFactory.Create(CKM.CKM_ECDSA), SHA256.HashData(message)),
            _ => throw new TrustKeyException($"A PKCS#11 key cannot sign {SignatureAlgorithms.DisplayName(algorithm)}."),
        };

        byte[] signature;
        using (mechanism)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                try
                {
                    signature = _session.Sign(mechanism, _key, data);
                }
                catch (Pkcs11Exception ex)
                {
                    throw new TrustKeyException($"The PKCS#11 token refused to sign ({ex.RV}).", ex);
                }
            }
        }

        if (algorithm != SignatureAlgorithm.EcdsaP256Sha256)
        {
            return signature;
        }

        if (signature.Length != EcSignatureEncoding.RawLength)
        {
            throw new TrustKeyException($"The PKCS#11 token returned a {signature.Length}-byte ECDSA signature; expected raw r||s of {EcSignatureEncoding.RawLength} bytes.");
        }

        // Tokens may emit high s; Trust always signs with low s (verifiers refuse high s).
        Crypto.Ecdsa.EcdsaLowS.NormaliseRaw(signature);
        return EcSignatureEncoding.RawToDer(signature);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CloseQuietly(_session);
            _module.Release();
        }
    }

    private static ISession OpenSession(ISlot slot, string tokenLabel)
    {
        try
        {
            return slot.OpenSession(SessionType.ReadOnly);
        }
        catch (Pkcs11Exception ex)
        {
            throw new TrustKeyException($"Could not open a session with PKCS#11 token '{tokenLabel}' ({ex.RV}).", ex);
        }
    }

    private static void Login(ISession session, string pin, string tokenLabel)
    {
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another key of this token is open in this process; the token is already logged in.
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE)
        {
            throw new TrustKeyException($"Wrong PIN for PKCS#11 token '{tokenLabel}'.", ex);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_PIN_LOCKED)
        {
            throw new TrustKeyException($"The user PIN of PKCS#11 token '{tokenLabel}' is locked.", ex);
        }
        catch (Pkcs11Exception ex)
        {
            throw new TrustKeyException($"Could not log in to PKCS#11 token '{tokenLabel}' ({ex.RV}).", ex);
        }
    }

    private static byte[]? ParseId(string? hex)
    {
        if (string.IsNullOrEmpty(hex))
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException ex)
        {
            throw new TrustKeyException("The PKCS#11 key id must be hexadecimal.", ex);
        }
    }

    private static void CloseQuietly(ISession? session)
    {
        if (session is null)
        {
            return;
        }

        try
        {
            session.CloseSession();
        }
        catch (Pkcs11Exception)
        {
            // Closing can fail if the token was removed; nothing else to release.
        }

        session.Dispose();
    }
}
