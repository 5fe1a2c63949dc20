using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Encoding;
using Trust.Core.Pki;
using Trust.Core.Timestamps.Internal;

namespace Trust.Core.Timestamps;

/// <summary>
/// An RFC 3161 time-stamp authority: answers a DER <c>TimeStampReq</c> with a DER <c>TimeStampResp</c> whose token
/// (RFC 3161 section 2.4.2) carries the policy of <see cref="TimestampAuthorityOptions.PolicyOid"/>, a serial number
/// that never repeats (128 bits: time and randomness, so across restarts and nodes), the time, the accuracy, the
/// request's nonce and the TSA's name, signed with the TSA key (RSA or SM2). Thread-safe when the key is.
/// </summary>
public sealed class TimestampAuthority
{
    /// <summary>The largest request accepted (a request is a hash and a few fields: about 100 bytes).</summary>
    public const int MaxRequestBytes = 4096;

    private readonly TimestampAuthorityOptions _options;
    private readonly X509CertificateStructure[] _chain;
    private readonly byte[] _leafDer;

    /// <summary>Creates the authority.</summary>
    /// <exception cref="TrustFormatException">The chain is empty or not DER, or the policy is not an OID.</exception>
    /// <exception cref="TrustKeyException">The key does not match the TSA certificate, or the certificate is not a TSA's (extended key usage id-kp-timeStamping, alone and critical: RFC 3161 section 2.3).</exception>
    public TimestampAuthority(TimestampAuthorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (options.CertificateChain.Count == 0)
        {
            throw new TrustFormatException("certificates", "The TSA certificate chain is empty.");
        }

        try
        {
            _chain = options.CertificateChain.Select(der => X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der))).ToArray();
            _ = new DerObjectIdentifier(options.PolicyOid);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or FormatException)
        {
            throw new TrustFormatException("certificates", "A TSA certificate or the policy OID is malformed.", null, ex);
        }

        _leafDer = options.CertificateChain[0];
        var leaf = Pki.Internal.ParsedCertificate.Parse(_leafDer);
        if (!leaf.SubjectPublicKeyInfo.AsSpan().SequenceEqual(options.Key.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("The TSA key does not match the TSA certificate.");
        }

        if (leaf.ExtendedKeyUsages is not [SignerRoles.TimeStampingOid] || !leaf.ExtendedKeyUsageCritical)
        {
            throw new TrustKeyException("The TSA certificate must have the extended key usage id-kp-timeStamping, alone and critical (RFC 3161 section 2.3).");
        }
    }

    /// <summary>The policy OID of the tokens.</summary>
    public string PolicyOid => _options.PolicyOid;

    /// <summary>The TSA certificate (DER).</summary>
    public ReadOnlyMemory<byte> Certificate => _leafDer;

    /// <summary>
    /// Answers a DER <c>TimeStampReq</c> (RFC 3161 section 2.4.1). Never throws for a bad request: it is answered with
    /// status rejection and a failure reason (badDataFormat, badAlg, unacceptedPolicy, unacceptedExtension, badRequest).
    /// </summary>
    /// <returns>A DER <c>TimeStampResp</c> (RFC 3161 section 2.4.2).</returns>
    /// <exception cref="TrustKeyException">The TSA key failed to sign.</exception>
    public byte[] Respond(ReadOnlySpan<byte> request)
    {
        if (request.Length == 0 || request.Length > MaxRequestBytes)
        {
            return Reject(PkiFailureInfo.BadDataFormat, "the request is empty or larger than 4096 bytes");
        }

        TimeStampReq parsed;
        try
        {
            DerNesting.Check(request, "TimeStampReq");
            var asn1 = Asn1Object.FromByteArray(request.ToArray());
            parsed = TimeStampReq.GetInstance(asn1);
            if (!asn1.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(request))
            {
                return Reject(PkiFailureInfo.BadDataFormat, "the request is not DER");
            }
        }
#pragma warning disable CA1031 // Hostile bytes: any parser failure is a bad request.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return Reject(PkiFailureInfo.BadDataFormat, "the request is not a DER TimeStampReq");
        }

        if (!parsed.Version.HasValue(1))
        {
            return Reject(PkiFailureInfo.BadRequest, "version must be 1");
        }

        var algorithm = parsed.MessageImprint.HashAlgorithm.Algorithm.Id;
        if (TimestampAlgorithms.ImprintLength(algorithm) is not { } length)
        {
            return Reject(PkiFailureInfo.BadAlg, "the imprint algorithm must be SHA-256, SHA-384, SHA-512 or SM3");
        }

        if (parsed.MessageImprint.GetHashedMessage().Length != length)
        {
            return Reject(PkiFailureInfo.BadDataFormat, "the imprint length does not match its algorithm");
        }

        if (parsed.ReqPolicy is { } policy && policy.Id != _options.PolicyOid)
        {
            return Reject(PkiFailureInfo.UnacceptedPolicy, "this TSA issues tokens under policy " + _options.PolicyOid + " only");
        }

        if (parsed.Extensions is not null)
        {
            return Reject(PkiFailureInfo.UnacceptedExtension, "no request extensions are supported");
        }

        var token = CreateToken(algorithm, parsed.MessageImprint.GetHashedMessage(), parsed.Nonce, parsed.CertReq?.IsTrue ?? false);
        var status = new PkiStatusInfo((int)PkiStatus.Granted);
        return new TimeStampResp(status, ContentInfo.GetInstance(Asn1Object.FromByteArray(token))).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>Issues a token for an imprint directly, without a request (the in-process path: the server seals with its own TSA).</summary>
    /// <param name="algorithm">The digest algorithm of the imprint.</param>
    /// <param name="imprint">The digest of the data stamped.</param>
    /// <returns>The DER TimeStampToken, certificates included.</returns>
    /// <exception cref="TrustFormatException">The imprint does not have the digest's length.</exception>
    /// <exception cref="TrustKeyException">The TSA key failed to sign.</exception>
    public byte[] Stamp(Crypto.DigestAlgorithm algorithm, ReadOnlySpan<byte> imprint)
    {
        var oid = TimestampAlgorithms.OidOf(algorithm);
        if (TimestampAlgorithms.ImprintLength(oid) != imprint.Length)
        {
            throw new TrustFormatException("messageImprint", "the imprint must have its digest algorithm's length");
        }

        return CreateToken(oid, imprint.ToArray(), null, includeCertificates: true);
    }

    private byte[] CreateToken(string algorithm, byte[] imprint, DerInteger? nonce, bool includeCertificates)
    {
        var now = _options.Clock.GetUtcNow();
        var seconds = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var accuracy = _options.Accuracy;
        var info = new TstInfo(
            new DerObjectIdentifier(_options.PolicyOid),
            new MessageImprint(TimestampAlgorithms.Identifier(algorithm), imprint),
            new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, TimestampSerials.Next(now))),
            new Asn1GeneralizedTime(seconds.UtcDateTime),
            new Accuracy(
                accuracy.Seconds + (accuracy.Days * 86400) + (accuracy.Hours * 3600) + (accuracy.Minutes * 60) is var s and > 0 ? DerInteger.ValueOf(s) : null,
                accuracy.Milliseconds > 0 ? DerInteger.ValueOf(accuracy.Milliseconds) : null,
                null),
            null,
            nonce,
            new GeneralName(_chain[0].Subject),
            null);
        return TimestampTokenBuilder.Build(_options.Key, _chain, _leafDer, info, includeCertificates);
    }

    private static byte[] Reject(int failure, string text) =>
        new TimeStampResp(new PkiStatusInfo((int)PkiStatus.Rejection, new PkiFreeText(text), new PkiFailureInfo(failure)), null)
            .GetEncoded(Asn1Encodable.Der);
}
