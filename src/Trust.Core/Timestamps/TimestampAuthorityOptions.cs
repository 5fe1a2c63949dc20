using Trust.Core.Crypto;
using Trust.Core.Pki;

namespace Trust.Core.Timestamps;

/// <summary>The key, certificate and policy of a <see cref="TimestampAuthority"/>.</summary>
public sealed class TimestampAuthorityOptions
{
    /// <summary>
    /// The default TSA policy (RFC 3161 section 2.4.2 <c>TSAPolicyId</c>) of this service: <c>2.25.…​.2.1</c> under
    /// <see cref="SignerRoles.Arc"/>: time from the host clock, accuracy as stated in each token.
    /// </summary>
    public const string DefaultPolicyOid = SignerRoles.Arc + ".2.1";

    /// <summary>The TSA's private key (RSA: tokens are sha256WithRSA; SM2: SM2-with-SM3).</summary>
    public required SigningKey Key { get; init; }

    /// <summary>DER certificates, the TSA first (extended key usage id-kp-timeStamping, critical), then its issuers.</summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>The policy OID written to every token; a request naming another policy is refused (unacceptedPolicy).</summary>
    public string PolicyOid { get; init; } = DefaultPolicyOid;

    /// <summary>The accuracy stated in every token (RFC 3161 section 2.4.2 <c>accuracy</c>); whole seconds and milliseconds are written.</summary>
    public TimeSpan Accuracy { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock (tests inject one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
