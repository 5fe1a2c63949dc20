using Trust.Core.Cose;
using Trust.Core.Encoding;
using Trust.Core.Keys;
using Trust.Core.Pki;

namespace Trust.Core.Status;

/// <summary>
/// A verified, signed status list of one issuer: two bits per licence (00 valid, 01 suspended,
/// 10 revoked), in the spirit of the IETF Token Status List. It is a COSE_Sign1 (RFC 9052)
/// with content type <c>application/trust-statuslist+cbor</c> over the deterministic CBOR map
/// <c>{1: list id, 2: issuing department, 3: issued at, 4: ttl, 5: 2, 6: size, 7: zlib(bits)}</c>,
/// signed by the issuer's key with its x5chain in the protected header.
/// </summary>
/// <remarks>
/// A list is fresh from <see cref="IssuedAt"/> until <see cref="ExpiresAt"/> = issued at + ttl.
/// After that an offline verifier must treat every status from it as indeterminate, never as
/// valid (<see cref="StatusListStatusSource"/> does). Indices past <see cref="Size"/> read as
/// valid: the builder records every non-valid status of the list, and new licences start valid.
/// </remarks>
public sealed class StatusList
{
    private readonly byte[] _bits;

    private StatusList(string listId, string issuer, DateTimeOffset issuedAt, TimeSpan ttl, long size, byte[] bits, byte[] signed)
    {
        ListId = listId;
        Issuer = issuer;
        IssuedAt = issuedAt;
        TimeToLive = ttl;
        Size = size;
        _bits = bits;
        Encoded = signed;
    }

    /// <summary>The list identifier named by licences (<c>status list id</c>).</summary>
    public string ListId { get; }

    /// <summary>The issuing department code.</summary>
    public string Issuer { get; }

    /// <summary>When the list was made.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>How long the list may be relied on after <see cref="IssuedAt"/>.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary><see cref="IssuedAt"/> + <see cref="TimeToLive"/>.</summary>
    public DateTimeOffset ExpiresAt => IssuedAt + TimeToLive;

    /// <summary>Number of entries in the bit array.</summary>
    public long Size { get; }

    /// <summary>The signed bytes (COSE_Sign1).</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>Whether the list may be relied on at <paramref name="now"/> (issued at ≤ now &lt; expires at).</summary>
    public bool IsFreshAt(DateTimeOffset now) => now >= IssuedAt && now < ExpiresAt;

    /// <summary>The status recorded at <paramref name="index"/>; valid past the end of the list.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative index.</exception>
    public LicenceStatus GetStatus(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index >= Size ? LicenceStatus.Valid : (LicenceStatus)StatusBits.Get(_bits, index);
    }

    /// <summary>
    /// The result of <see cref="TryVerify(ReadOnlyMemory{byte}, ICertificateValidator, out StatusList?, out string)"/> in the common model: <see cref="Results.VerificationOutcome.Passed"/> for the
    /// empty reason of an authentic list, else the outcome of the <c>statuslist.*</c> reason (never passed; at least
    /// failed, except for a <c>limit.*</c> reason, which is indeterminate).
    /// </summary>
    /// <param name="reason">The reason <see cref="TryVerify(ReadOnlyMemory{byte}, ICertificateValidator, out StatusList?, out string)"/> gave.</param>
    public static Results.VerificationOutcome OutcomeOf(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.Length == 0 ? Results.VerificationOutcome.Passed : Results.VerificationOutcome.FromReasons([reason], Results.LimitReasons.RefusalFloor([reason]));
    }

    /// <summary>
    /// Parses a signed status list, checks its structure, that its certificate chain reaches a
    /// trust anchor at the list's issue time (<see cref="CertificateUsage.DigitalSignature"/>),
    /// and the signature. Never throws for bad input.
    /// </summary>
    /// <param name="signed">The COSE_Sign1 bytes.</param>
    /// <param name="validator">Trust anchors.</param>
    /// <param name="list">The list when valid.</param>
    /// <param name="reason">A reason code when not valid (<c>statuslist.malformed:...</c>, <c>statuslist.untrusted</c>, <c>statuslist.signature_invalid</c>, <c>statuslist.signer.role_missing:status_list_signer</c>,
    /// <c>statuslist.signer.department_missing</c>, <c>statuslist.signer.department_mismatch</c>).</param>
    /// <returns>true when the list is authentic.</returns>
    public static bool TryVerify(ReadOnlyMemory<byte> signed, ICertificateValidator validator, out StatusList? list, out string reason) =>
        TryVerify(signed, validator, StatusListVerificationLimits.Default, out list, out reason);

    /// <summary>
    /// Verifies like <see cref="TryVerify(ReadOnlyMemory{byte}, ICertificateValidator, out StatusList?, out string)"/> within
    /// <paramref name="limits"/>: a list over a configured limit (but within the format) is refused before the work the
    /// limit bounds, with reason <c>limit.input_size</c>, <c>limit.entries</c> or <c>limit.certificates</c> (indication
    /// indeterminate, see <see cref="OutcomeOf"/>).
    /// </summary>
    /// <param name="signed">The COSE_Sign1 bytes.</param>
    /// <param name="validator">Trust anchors.</param>
    /// <param name="limits">The resource limits.</param>
    /// <param name="list">The list when valid.</param>
    /// <param name="reason">A reason code when not valid.</param>
    /// <returns>true when the list is authentic.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range (<see cref="StatusListVerificationLimits.Validate"/>).</exception>
    public static bool TryVerify(ReadOnlyMemory<byte> signed, ICertificateValidator validator, StatusListVerificationLimits limits, out StatusList? list, out string reason)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        list = null;
        if (signed.Length > limits.MaxInputBytes && signed.Length <= StatusListPayload.MaxSignedBytes)
        {
            reason = Results.LimitReasons.InputSize;
            return false;
        }

        try
        {
            var message = CoseSign1.Decode(signed, StatusListPayload.MaxSignedBytes);
            if (message.ContentType != StatusListPayload.ContentType)
            {
                reason = "statuslist.wrong_content_type";
                return false;
            }

            var (listId, issuer, issuedAtSeconds, ttl, size, compressed) = StatusListPayload.Decode(message.Payload);
            if (size > limits.MaxEntries)
            {
                reason = Results.LimitReasons.Entries;
                return false;
            }

            if (message.CertificateChain.Count > limits.MaxChainCertificates)
            {
                reason = Results.LimitReasons.Certificates;
                return false;
            }

            var bits = Zlib.Decompress(compressed, StatusBits.ByteLength(limits.MaxEntries), "statuslist.lst");
            if (bits.Length != StatusBits.ByteLength(size))
            {
                reason = "statuslist.malformed:statuslist.size";
                return false;
            }

            if (message.CertificateChain.Count == 0)
            {
                reason = "statuslist.chain_missing";
                return false;
            }

            var issuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAtSeconds);
            var chain = message.CertificateChain;
            var intermediates = chain.Skip(1).Select(c => (ReadOnlyMemory<byte>)c).ToArray();
            var validation = validator.Validate(chain[0], intermediates, issuedAt, CertificateUsage.DigitalSignature);
            if (!validation.IsTrusted)
            {
                reason = "statuslist.untrusted";
                return false;
            }

            var key = validation.LeafKey ?? PublicKeyPem.FromCertificate(chain[0]);
            if (!message.VerifySignature(key))
            {
                reason = "statuslist.signature_invalid";
                return false;
            }

            // The signer must speak for the list's department: its licence issuer, or a status-list signer of it.
            var entitlement = SignerEntitlement.FromCertificate(chain[0]);
            var role = entitlement.Has(SignerRole.LicenceIssuer) ? SignerRole.LicenceIssuer : SignerRole.StatusListSigner;
            if (entitlement.Check(role, issuer) is { Count: > 0 } refused)
            {
                reason = "statuslist." + refused[0];
                return false;
            }

            list = new StatusList(listId, issuer, issuedAt, TimeSpan.FromSeconds(ttl), size, bits, signed.ToArray());
            reason = "";
            return true;
        }
        catch (TrustException ex)
        {
            reason = ex is TrustFormatException f ? "statuslist.malformed:" + f.Field : "statuslist.malformed";
            return false;
        }
#pragma warning disable CA1031 // A verifier must turn any failure of parsing or crypto on hostile bytes into a verdict.
        catch (Exception)
#pragma warning restore CA1031
        {
            reason = "statuslist.malformed";
            return false;
        }
    }
}
