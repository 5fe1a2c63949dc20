using System.Security.Cryptography.X509Certificates;
using System.Text;
using Trust.Core;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Status;

namespace Trust.Fuzz;

/// <summary>
/// The fuzz targets over Trust.Core's parsers, one entry point each. Shared verbatim (linked source) by the
/// afl-fuzz harness (<c>fuzz/Trust.Fuzz</c>) and the in-process regression replay in Trust.Core.Tests, so a
/// finding replays through exactly the code the fuzzer ran. A target "finds" something when an exception
/// escapes <see cref="Run"/>: every call below either never throws for bad bytes (verifiers, TryDecode) or
/// documents <see cref="TrustFormatException"/>, which is caught here. Crashes and hangs are found by afl-fuzz.
/// </summary>
internal sealed class CoreTargets
{
    /// <summary>CBOR/COSE: <c>SignedLicence.TryDecode</c>, <c>SignedGrant.Decode</c> and <c>LicenceVerifier.CheckContent</c>.</summary>
    public const string Licence = "licence";

    /// <summary>GB/T 38540 ASN.1: <c>SesSignature.TryDecode</c>, <c>SesSeal.TryDecode</c> and <c>SealSignatureVerifier.Verify</c>.</summary>
    public const string Ses = "ses";

    /// <summary>QR text: Base45 then zlib (<c>SignedLicence.BytesFromQrText</c>, <c>SignedGrant.BytesFromQrText</c>).</summary>
    public const string Qr = "qr";

    /// <summary>
    /// The fixed file the SES seeds sign (<c>fuzz/make-seeds.sh</c> writes the same bytes), so that a
    /// well-formed seed reaches the verifier's signature and chain checks.
    /// </summary>
    public static readonly byte[] SesSignedData = Encoding.ASCII.GetBytes("Trust fuzzing: the file the SES seeds sign.\n");

    /// <summary>First byte of a <see cref="Qr"/> input that is a raw zlib stream (Base45-encoded by the target) rather than QR text.</summary>
    public const byte QrZlibMode = (byte)'z';

    /// <summary>
    /// First byte of a <see cref="Licence"/> input that is a licence payload (CBOR map) rather than a COSE message:
    /// the target signs it (ES256, a harness-made root and leaf that the trust store trusts), so mutated payloads
    /// pass the signature and chain checks and reach the payload decoder, the catalog schema and the time checks.
    /// </summary>
    public const byte LicencePayloadMode = (byte)'p';

    private readonly EcdsaSigningKey _payloadKey = EcdsaSigningKey.Generate();
    private readonly byte[] _payloadLeaf;

    private readonly LicenceVerifier _licenceVerifier;
    private readonly SealSignatureVerifier _sealVerifier;
    private readonly bool _strict;

    /// <summary>Creates the targets with a fixed trust store of <paramref name="anchors"/> (DER root certificates; may be empty).</summary>
    /// <param name="anchors">The trust anchors.</param>
    /// <param name="strict">
    /// Also report an exception that the licence verifier's last-resort handler turned into the bare reason
    /// <c>input.malformed</c> (the contained exceptions: not a wrong verdict, but code that did not expect the input).
    /// </param>
    public CoreTargets(IEnumerable<byte[]> anchors, bool strict = false)
    {
        _strict = strict;
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var until = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var rootKey = EcdsaSigningKey.Generate();
        var root = new CertificateBuilder(new CertificateSubject("Trust fuzz root"), rootKey.PublicKey)
        {
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            NotBefore = from,
            NotAfter = until,
        }.SelfSign(rootKey);
        _payloadLeaf = new CertificateBuilder(new CertificateSubject("Trust fuzz licence issuer"), _payloadKey.PublicKey)
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            NotBefore = from,
            NotAfter = until,
        }.WithSignerRole(SignerRole.LicenceIssuer, "SAMR3301", LicenceCatalog.Default.Types.Select(t => t.DepartmentKind).Distinct()) // the tests' department, every kind
            .Sign(root, rootKey);
        var validator = new CertificateValidator(anchors.Append(root));
        _licenceVerifier = new LicenceVerifier(validator, new NoStatus(), timeProvider: new FixedTime());
        _sealVerifier = new SealSignatureVerifier(validator);
    }

    /// <summary>The names of the targets here.</summary>
    public static IReadOnlyList<string> Names { get; } = [Licence, Ses, Qr];

    /// <summary>Runs <paramref name="input"/> through <paramref name="target"/>; an escaping exception is a finding.</summary>
    public void Run(string target, byte[] input)
    {
        switch (target)
        {
            case Licence:
                RunLicence(input);
                break;
            case Ses:
                RunSes(input);
                break;
            case Qr:
                RunQr(input);
                break;
            default:
                throw new ArgumentException($"unknown target '{target}'", nameof(target));
        }
    }

    private void RunLicence(byte[] input)
    {
        var check = CheckLicence(input);
        if (_strict && check.Reasons.Contains("input.malformed"))
        {
            throw new InvalidOperationException("strict: the licence verifier contained an unexpected exception (bare input.malformed)");
        }
    }

    /// <summary>The <see cref="Licence"/> target: decodes (licence and grant) and content-checks the input; returns the content check.</summary>
    internal LicenceContentCheck CheckLicence(byte[] input)
    {
        if (input.Length > 0 && input[0] == LicencePayloadMode)
        {
            input = SignPayload(input.AsSpan(1));
        }

        if (SignedLicence.TryDecode(input, out var licence, out _))
        {
            // Touch what a caller reads after decoding.
            _ = licence!.Payload.Fields.Count;
            _ = licence.CertificateChain.Count;
            _ = licence.ToQrText();
        }

        try
        {
            var grant = SignedGrant.Decode(input);
            _ = grant.ToQrText();
        }
        catch (TrustFormatException)
        {
            // Documented for malformed grants.
        }

        var check = _licenceVerifier.CheckContent(input);
        _ = _licenceVerifier.Complete(check, null);
        return check;
    }

    private void RunSes(byte[] input)
    {
        _ = SesSeal.TryDecode(input, out _);
        if (SesSignature.TryDecode(input, out var signature))
        {
            using var data = new MemoryStream(SesSignedData, writable: false);
            _ = _sealVerifier.Verify(signature, data);
        }

        using var again = new MemoryStream(SesSignedData, writable: false);
        _ = _sealVerifier.Verify(input, again);
    }

    private static void RunQr(byte[] input)
    {
        var text = input.Length > 0 && input[0] == QrZlibMode
            ? SignedLicence.QrPrefix + Base45(input.AsSpan(1))
            : Encoding.Latin1.GetString(input);
        try
        {
            _ = SignedLicence.BytesFromQrText(text);
        }
        catch (TrustFormatException)
        {
            // Documented for malformed QR text.
        }

        try
        {
            _ = SignedGrant.BytesFromQrText(text);
        }
        catch (TrustFormatException)
        {
            // Documented for malformed QR text.
        }
    }

    /// <summary>The payload signed as a licence by the harness's trusted ES256 leaf (see <see cref="LicencePayloadMode"/>).</summary>
    internal byte[] SignPayload(ReadOnlySpan<byte> payload) =>
        CoseSign1.Sign(_payloadKey, SignatureAlgorithm.EcdsaP256Sha256, payload, SignedLicence.ContentType, chain: [_payloadLeaf], maxBytes: int.MaxValue);

    /// <summary>The payload (CBOR) of a signed licence, for <see cref="LicencePayloadMode"/> seeds.</summary>
    internal static byte[] PayloadOf(ReadOnlyMemory<byte> licence) => SignedLicence.Decode(licence).Message.Payload;

    /// <summary>RFC 9285 Base45 (the harness's own encoder, so raw zlib inputs reach the inflater).</summary>
    internal static string Base45(ReadOnlySpan<byte> bytes)
    {
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        var sb = new StringBuilder(((bytes.Length + 1) / 2) * 3);
        var i = 0;
        for (; i + 1 < bytes.Length; i += 2)
        {
            var n = (bytes[i] * 256) + bytes[i + 1];
            sb.Append(Alphabet[n % 45]).Append(Alphabet[n / 45 % 45]).Append(Alphabet[n / (45 * 45)]);
        }

        if (i < bytes.Length)
        {
            sb.Append(Alphabet[bytes[i] % 45]).Append(Alphabet[bytes[i] / 45]);
        }

        return sb.ToString();
    }

    /// <summary>A status source that knows nothing (content checks never ask it).</summary>
    private sealed class NoStatus : ILicenceStatusSource
    {
        public ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(StatusLookup.Indeterminate("status.unknown_licence"));
    }

    /// <summary>A fixed clock, so a replay gives the same verdict on every day.</summary>
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
