using System.Diagnostics;
using Trust.Core.Keys;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Tests.Seals;

/// <summary>
/// Independent check that we sign what GB/T 38540 says we sign: OpenSSL 3 verifies the SM2 signatures inside
/// an SES_Seal (over DER of SEQUENCE { eSealInfo, cert, signAlgID }) and an SES_Signature (over DER of TBS_Sign),
/// with <c>openssl pkeyutl -verify -rawin -digest sm3</c> and the default SM2 user ID.
/// </summary>
/// <remarks>
/// OpenSSL 3.0's pkeyutl does not apply the GB/T 32918.2 default signer ID by itself (it uses an empty ID),
/// so the ID <c>1234567812345678</c> is passed explicitly with <c>-pkeyopt distid:1234567812345678</c>.
/// </remarks>
public sealed class SealOpenSslInteropTests
{
    private static readonly SealFixture F = SealFixture.Shared;

    [Fact]
    public void Seal_maker_sm2_signature_verifies_with_openssl()
    {
        var seal = SesSeal.Decode(F.Sm2Seal("OPENSSL-1").Encode());

        AssertOpenSslVerifies(seal.EncodeToBeSigned(), seal.SignedValue.ToArray(), PublicKeyPem.Export(PublicKeyPem.FromCertificate(seal.MakerCertificate.Span)));
    }

    [Fact]
    public void Ses_signature_sm2_signature_verifies_with_openssl()
    {
        var signature = new SealSigner().Sign(F.Sm2Seal("OPENSSL-2"), F.Sm2Signer.Certificate, F.Sm2Signer.Key, new MemoryStream([1, 2, 3]));
        var decoded = SesSignature.Decode(signature.Encode());

        AssertOpenSslVerifies(decoded.ToSign.Encode(), decoded.Signature.ToArray(), PublicKeyPem.Export(PublicKeyPem.FromCertificate(decoded.SignerCertificate.Span)));
    }

    [Fact]
    public void Openssl_rejects_a_signature_over_other_bytes()
    {
        var seal = F.Sm2Seal("OPENSSL-3");
        var other = seal.EncodeToBeSigned();
        other[^1] ^= 1;

        Assert.False(OpenSslVerifies(other, seal.SignedValue.ToArray(), PublicKeyPem.Export(PublicKeyPem.FromCertificate(seal.MakerCertificate.Span))));
    }

    private static void AssertOpenSslVerifies(byte[] message, byte[] signature, string publicKeyPem) =>
        Assert.True(OpenSslVerifies(message, signature, publicKeyPem), "openssl pkeyutl -verify failed");

    private static bool OpenSslVerifies(byte[] message, byte[] signature, string publicKeyPem)
    {
        var dir = Directory.CreateTempSubdirectory("seal-openssl-");
        try
        {
            File.WriteAllBytes(Path.Combine(dir.FullName, "tbs.der"), message);
            File.WriteAllBytes(Path.Combine(dir.FullName, "sig.der"), signature);
            File.WriteAllText(Path.Combine(dir.FullName, "pub.pem"), publicKeyPem);
            var info = new ProcessStartInfo("openssl")
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "tbs.der", "-digest", "sm3", "-sigfile", "sig.der", "-pkeyopt", "distid:1234567812345678" })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start; install OpenSSL 3");
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Contains("Signature Verified Successfully", StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
