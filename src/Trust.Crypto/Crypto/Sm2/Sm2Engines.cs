namespace Trust.Core.Crypto.Sm2;

/// <summary>Which SM2 implementation new keys use.</summary>
public enum Sm2EngineKind
{
    /// <summary>The default engine.</summary>
    Default = 0,

    /// <summary>BouncyCastle's reference implementation.</summary>
    BouncyCastle = 1,

    /// <summary>The performance-tuned constant-time engine, when available.</summary>
    Fast = 2,
}

/// <summary>Selects the SM2 engine used by keys created after the call.</summary>
public static class Sm2Engines
{
    // Issue 9: the managed constant-time engine (Crypto/Sm2/Fast) is the default; BouncyCastle stays selectable.
    private static ISm2Engine _current = Fast.Sm2FastEngine.Instance;

    /// <summary>The engine keys use by default.</summary>
    public static Sm2EngineKind Current => _current is BouncyCastleSm2Engine ? Sm2EngineKind.BouncyCastle : Sm2EngineKind.Fast;

    /// <summary>Makes <paramref name="kind"/> the engine of keys created from now on.</summary>
    public static void Use(Sm2EngineKind kind) => _current = Get(kind);

    internal static ISm2Engine Default => _current;

    internal static ISm2Engine Get(Sm2EngineKind kind) => kind switch
    {
        Sm2EngineKind.Default => _current,
        Sm2EngineKind.BouncyCastle => BouncyCastleSm2Engine.Instance,
        Sm2EngineKind.Fast => FastEngineFactory?.Invoke() ?? throw new TrustException("The fast SM2 engine is not available in this build."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown SM2 engine."),
    };

    /// <summary>Set by the fast engine's registration.</summary>
    internal static Func<ISm2Engine>? FastEngineFactory { get; set; } = () => Fast.Sm2FastEngine.Instance; // issue 9
}
