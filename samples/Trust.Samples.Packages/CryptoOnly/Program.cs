using System.Text;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

// Only the Trust.Crypto package: an SM2 key, an SM2-with-SM3 signature (GB/T 32918.2, DER r,s), the key as
// encrypted PKCS#8 and the public key as PEM, verification with the reloaded public key.
var failures = 0;
using var key = Sm2SigningKey.Generate();
var message = Encoding.UTF8.GetBytes("an archive record, signed with SM2");
var signature = key.Sign(message);
failures += Report("sm2 sign", $"{SignatureAlgorithms.DisplayName(key.DefaultAlgorithm)}, {signature.Length} bytes DER", key.DefaultAlgorithm == SignatureAlgorithm.Sm2Sm3);

var publicPem = PublicKeyPem.Export(key.PublicKey);
var encryptedPem = PrivateKeyPem.ExportEncrypted(key, "sample passphrase");
using var reloaded = PrivateKeyPem.Load(encryptedPem, "sample passphrase", out var wasEncrypted);
var publicKey = PublicKeyPem.Load(publicPem);
failures += Report("sm2 verify", "reloaded public key", publicKey.Verify(SignatureAlgorithm.Sm2Sm3, message, signature));
failures += Report("sm2 verify (changed message)", "refused", !publicKey.Verify(SignatureAlgorithm.Sm2Sm3, [.. message, 0], signature));
failures += Report("encrypted pkcs#8", $"encrypted={wasEncrypted}", wasEncrypted && reloaded.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, message, reloaded.Sign(message)));

// The licence and seal code is not here: the package brought no Trust.Core.
var core = File.Exists(Path.Combine(AppContext.BaseDirectory, "Trust.Core.dll"));
failures += Report("without Trust.Core", core ? "Trust.Core.dll present" : "Trust.Crypto only", !core);

Console.WriteLine(failures == 0 ? "crypto only: all as expected" : $"crypto only: {failures} unexpected result(s)");
return failures == 0 ? 0 : 1;

static int Report(string step, string what, bool expected)
{
    Console.WriteLine($"{step}: {what}{(expected ? "" : "  <-- UNEXPECTED")}");
    return expected ? 0 : 1;
}
