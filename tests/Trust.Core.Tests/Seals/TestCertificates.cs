using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;

namespace Trust.Core.Tests.Seals;

/// <summary>A key and its certificate, made for tests with BouncyCastle's certificate generator.</summary>
internal sealed record TestIdentity(SigningKey Key, byte[] Certificate, string Subject);

/// <summary>
/// Test-only certificate authority: issues SM2 (SM3WITHSM2) or RSA (SHA256WITHRSA) certificates signed
/// through our <see cref="SigningKey"/> abstraction with BouncyCastle's X509V3CertificateGenerator.
/// </summary>
internal sealed class TestCertificates
{
    private static long _serial = 1000;

    private TestCertificates(TestIdentity root) => Root = root;

    public TestIdentity Root { get; }

    public static TestCertificates CreateSm2(string name = "Test SM2 Root") => new(SelfSigned(Sm2SigningKey.Generate(), name));

    public static TestCertificates CreateRsa(string name = "Test RSA Root") => new(SelfSigned(RsaSigningKey.Generate(2048), name));

    /// <summary>Issues a leaf; a department's seal signer unless <paramref name="role"/> says otherwise (null role: none).</summary>
    public TestIdentity Issue(SigningKey key, string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, Trust.Core.Pki.SignerRole? role = Trust.Core.Pki.SignerRole.SealSigner) =>
        Build(key.PublicKey, key, subject, Root.Key, Root.Subject, notBefore ?? DateTimeOffset.UtcNow.AddYears(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(10), isCa: false, role);

    /// <summary>Issues a seal maker's certificate.</summary>
    public TestIdentity IssueMaker(SigningKey key, string subject) => Issue(key, subject, role: Trust.Core.Pki.SignerRole.SealMaker);

    private static TestIdentity SelfSigned(SigningKey key, string subject) =>
        Build(key.PublicKey, key, subject, key, subject, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(20), isCa: true);

    private static TestIdentity Build(VerificationKey publicKey, SigningKey subjectKey, string subject, SigningKey issuerKey, string issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa, Trust.Core.Pki.SignerRole? role = null)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(Interlocked.Increment(ref _serial)));
        generator.SetIssuerDN(new X509Name("CN=" + issuer));
        generator.SetSubjectDN(new X509Name("CN=" + subject));
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(PublicKeyFactory.CreateKey(publicKey.ExportSubjectPublicKeyInfo()));
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(isCa));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(isCa ? KeyUsage.KeyCertSign | KeyUsage.CrlSign : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        if (role is { } r)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(new[] { new DerObjectIdentifier(Trust.Core.Pki.SignerRoles.OidOf(r)) }));
        }

        var certificate = generator.Generate(new SigningKeySignatureFactory(issuerKey));
        return new TestIdentity(subjectKey, certificate.GetEncoded(), subject);
    }

    /// <summary>Lets BouncyCastle sign certificates with our <see cref="SigningKey"/>.</summary>
    private sealed class SigningKeySignatureFactory(SigningKey key) : ISignatureFactory
    {
        public object AlgorithmDetails => new AlgorithmIdentifier(new DerObjectIdentifier(
            key.KeyAlgorithm == KeyAlgorithm.Sm2 ? SignatureAlgorithms.Sm2WithSm3Oid : "1.2.840.113549.1.1.11"),
            key.KeyAlgorithm == KeyAlgorithm.Sm2 ? null : DerNull.Instance);

        public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(key);

        private sealed class Calculator(SigningKey key) : IStreamCalculator<IBlockResult>
        {
            private readonly MemoryStream _stream = new();

            public Stream Stream => _stream;

            public IBlockResult GetResult() => new Org.BouncyCastle.Crypto.SimpleBlockResult(key.Sign(_stream.ToArray()));
        }
    }
}

/// <summary>
/// Test-only <see cref="Trust.Core.Pki.ICertificateValidator"/>: a certificate is trusted when a configured anchor
/// issued it (signature checked by BouncyCastle), it is inside its validity at the time asked, and it is not in the revoked set.
/// </summary>
internal sealed class TestCertificateValidator(params byte[][] anchors) : Trust.Core.Pki.ICertificateValidator
{
    private readonly X509Certificate[] _anchors = [.. anchors.Select(a => new X509Certificate(a))];

    public HashSet<string> RevokedSubjects { get; } = [];

    public List<(Trust.Core.Pki.CertificateUsage Usage, DateTimeOffset At)> Calls { get; } = [];

    public long Version => 1;

    public Trust.Core.Pki.ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, Trust.Core.Pki.CertificateUsage usage)
    {
        Calls.Add((usage, at));
        X509Certificate leaf;
        try
        {
            leaf = new X509Certificate(leafDer.ToArray());
        }
        catch (Exception)
        {
            return Result(Trust.Core.Pki.ChainStatus.Invalid);
        }

        var issuer = _anchors.FirstOrDefault(a => a.SubjectDN.Equivalent(leaf.IssuerDN) && Verifies(leaf, a));
        if (issuer is null)
        {
            return Result(Trust.Core.Pki.ChainStatus.Untrusted);
        }

        if (at.UtcDateTime > leaf.NotAfter)
        {
            return Result(Trust.Core.Pki.ChainStatus.Expired);
        }

        if (at.UtcDateTime < leaf.NotBefore)
        {
            return Result(Trust.Core.Pki.ChainStatus.NotYetValid);
        }

        return RevokedSubjects.Contains(leaf.SubjectDN.ToString())
            ? Result(Trust.Core.Pki.ChainStatus.Revoked)
            : Result(Trust.Core.Pki.ChainStatus.Trusted);
    }

    private static bool Verifies(X509Certificate leaf, X509Certificate issuer)
    {
        try
        {
            leaf.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static Trust.Core.Pki.ChainValidationResult Result(Trust.Core.Pki.ChainStatus status) =>
        new(status, status == Trust.Core.Pki.ChainStatus.Trusted ? [] : ["chain." + status], null, []);
}
