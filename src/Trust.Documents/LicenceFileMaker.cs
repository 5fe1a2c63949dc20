using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;

namespace Trust.Documents;

/// <summary>
/// Makes the sealed licence file of a licence, with the rules every front end shares (<c>trust license file</c>,
/// the gRPC <c>LicenceFileService</c>, the clerk page): only a licence verified valid gets a file; the default seal is
/// the issuing department's e-licence seal (else its first seal); the file is rendered and sealed in one go. The
/// caller checks that the seal is usable (not revoked, inside its validity) and audits the seal use
/// (field <see cref="SealUseField"/>) before the file leaves it.
/// </summary>
public static class LicenceFileMaker
{
    /// <summary>The field name recorded in the <c>seal.use</c> audit entry of a licence file.</summary>
    public const string SealUseField = "licence-file";

    /// <summary>
    /// The default seal of a licence file: the e-licence seal of <paramref name="department"/> (a canonical department
    /// code), else the department's first seal; null when the department has no seal.
    /// </summary>
    public static SealRecord? DefaultSeal(SealRegistry registry, string department)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var seals = registry.List().Where(s => s.Department == department).ToList();
        return seals.FirstOrDefault(s => s.Kind == SealKind.ELicence) ?? seals.FirstOrDefault();
    }

    /// <summary>Why no file is made for a verified licence (<c>licence LID is revoked (reasons)</c>); null when it is valid.</summary>
    public static string? Refusal(LicenceVerificationResult verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return verification.IsValid
            ? null
            : $"licence {verification.LicenceId ?? "?"} is {verification.VerdictText} ({string.Join(", ", verification.Reasons)}); no file is made for it";
    }

    /// <summary>Renders <paramref name="verification"/>'s licence in <paramref name="format"/> and seals it with <paramref name="seal"/>.</summary>
    /// <exception cref="InvalidOperationException">The licence was not verified valid (see <see cref="Refusal"/>).</exception>
    /// <exception cref="Trust.Core.TrustKeyException">The key refused to sign or does not belong to the certificate.</exception>
    public static SealedLicenceFile Make(LicenceVerificationResult verification, LicenceFileFormat format, SealRecord seal, SigningKey key, IReadOnlyList<byte[]> certificateChain, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Make(verification, format, seal, key, null, certificateChain, timeProvider);
    }

    /// <summary>
    /// Like <see cref="Make(LicenceVerificationResult, LicenceFileFormat, SealRecord, SigningKey, IReadOnlyList{byte[]}, TimeProvider?)"/>,
    /// signing through <paramref name="provider"/> (a seal platform or an HSM): only the to-be-signed structure reaches it,
    /// and its signature is checked with the certificate before it is embedded.
    /// </summary>
    /// <exception cref="InvalidOperationException">The licence was not verified valid (see <see cref="Refusal"/>).</exception>
    /// <exception cref="Trust.Core.Seals.Providers.SealingRefusedException">The provider's signature does not verify.</exception>
    public static SealedLicenceFile Make(LicenceVerificationResult verification, LicenceFileFormat format, SealRecord seal, ISealProvider provider, IReadOnlyList<byte[]> certificateChain, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Make(verification, format, seal, null, provider, certificateChain, timeProvider);
    }

    private static SealedLicenceFile Make(LicenceVerificationResult verification, LicenceFileFormat format, SealRecord seal, SigningKey? key, ISealProvider? provider, IReadOnlyList<byte[]> certificateChain, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(seal);
        if (Refusal(verification) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        var licence = verification.Licence ?? throw new InvalidOperationException("The verification carries no licence.");

        var rendered = LicenceFileRenderer.Render(licence, format, timeProvider?.GetUtcNow());
        var sealedFile = LicenceFileSealer.Seal(rendered, new LicenceFileSealOptions
        {
            Seal = seal.Seal,
            Key = key,
            Provider = provider,
            SealId = provider is null ? null : seal.Id,
            CertificateChain = certificateChain,
            Department = seal.Department,
            TimeProvider = timeProvider,
        });
        var licenceBytes = licence.Encoded.Span;
        return new SealedLicenceFile(
            licence.Id,
            format,
            seal.Id,
            seal.Department,
            sealedFile,
            Convert.ToHexStringLower(SHA256.HashData(sealedFile)),
            licenceBytes.Length,
            Convert.ToHexStringLower(SHA256.HashData(licenceBytes)));
    }
}

/// <summary>A sealed licence file and what its audit entry records.</summary>
/// <param name="LicenceId">The licence.</param>
/// <param name="Format">The file's format.</param>
/// <param name="SealId">The seal it carries.</param>
/// <param name="Department">The seal's department.</param>
/// <param name="Bytes">The sealed file.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Bytes"/>, lower-case hex.</param>
/// <param name="LicenceBytes">Length of the signed licence it was made from.</param>
/// <param name="LicenceSha256">SHA-256 of the signed licence, lower-case hex.</param>
public sealed record SealedLicenceFile(string LicenceId, LicenceFileFormat Format, string SealId, string Department, byte[] Bytes, string Sha256, long LicenceBytes, string LicenceSha256)
{
    /// <summary>The download name: <c>LICENCE_ID.ofd</c> or <c>LICENCE_ID.pdf</c>.</summary>
    public string FileName => LicenceId + "." + LicenceFileFormats.ToText(Format);
}
