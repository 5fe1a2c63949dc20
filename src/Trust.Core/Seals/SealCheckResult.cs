namespace Trust.Core.Seals;

/// <summary>What <see cref="SealSignatureVerifier.CheckSeal"/> found about a seal (<c>SES_Seal</c>).</summary>
/// <param name="Reasons">Reason codes of <see cref="SealReasons"/> and <see cref="Pki.SignerReasons"/> (prefix <c>maker</c>); empty when the seal passes.</param>
/// <param name="Indeterminate">A check could not be made (the certificate validator or the revocation source failed).</param>
public sealed record SealCheckResult(IReadOnlyList<string> Reasons, bool Indeterminate);
