namespace Trust.Core.Pki.Development;

/// <summary>Options for <see cref="DevelopmentPki.Create"/>.</summary>
public sealed class DevelopmentPkiOptions
{
    /// <summary>Largest number of departments (the catalogue's size).</summary>
    public const int MaxDepartments = 86;

    /// <summary>How many departments to create (1 to <see cref="MaxDepartments"/>, default 86).</summary>
    public int Departments { get; set; } = MaxDepartments;

    /// <summary>How many seals contributors should create (default 160; the core creates none).</summary>
    public int Seals { get; set; } = 160;

    /// <summary>Replace the PKI files of an existing non-empty folder.</summary>
    public bool Force { get; set; }

    /// <summary>
    /// The key passphrase; null to read <see cref="DevelopmentPki.PassphraseVariable"/>, falling back to
    /// <see cref="DevelopmentPki.DefaultPassphrase"/>.
    /// </summary>
    public string? Passphrase { get; set; }

    /// <summary>PBKDF2 iterations for the encrypted keys. Development material uses a low count (default 10,000) to stay fast.</summary>
    public int Pbkdf2Iterations { get; set; } = 10_000;

    /// <summary>The creation time (default: now). Validity periods start five minutes before it.</summary>
    public DateTimeOffset? Now { get; set; }

    /// <summary>Contributors that add material after the core PKI exists (the seal issue adds the seals here).</summary>
    public IList<IPkiContributor> Contributors { get; } = new List<IPkiContributor>();

    /// <summary>Receives one line per step; null for silence.</summary>
    public IProgress<string>? Progress { get; set; }
}
