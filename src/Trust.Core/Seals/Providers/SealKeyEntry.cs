using Trust.Core.Crypto;

namespace Trust.Core.Seals.Providers;

/// <summary>A department's seal signing key and its certificate chain, for <see cref="KeySealProvider"/>.</summary>
/// <param name="Department">The department code whose seals the key signs (<see cref="SealRecord.Department"/>).</param>
/// <param name="Key">The private key: software (<see cref="SigningKeys"/>) or a token (<see cref="Keys.Pkcs11.Pkcs11SigningKey"/>).</param>
/// <param name="CertificateChain">DER certificates, the key's certificate first, then its issuers.</param>
public sealed record SealKeyEntry(string Department, SigningKey Key, IReadOnlyList<byte[]> CertificateChain);
