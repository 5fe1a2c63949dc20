using System.Diagnostics;
using System.Text;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Sm2Fast;

/// <summary>
/// The fast engine against the OpenSSL 3 command line: our signatures verify with
/// <c>openssl pkeyutl -verify</c>, OpenSSL's verify with ours. All OpenSSL work runs in one
/// bash process. OpenSSL 3.0's pkeyutl defaults to an empty SM2 ID, so the default GB/T ID is
/// passed explicitly with <c>-pkeyopt distid:1234567812345678</c>; a few cases also check the
/// empty ID against OpenSSL's default.
/// </summary>
public sealed class OpenSslInteropTests
{
    private const int OurCases = 40;
    private const int TheirCases = 25;
    private const string DefaultId = "1234567812345678";

    [Fact]
    public void Signatures_interoperate_with_the_openssl_cli_in_both_directions()
    {
        var dir = Directory.CreateTempSubdirectory("sm2-openssl-");
        try
        {
            var random = new Random(6979);
            var emptyIdCases = new HashSet<int> { 3, 17, 29 };
            for (int i = 0; i < OurCases; i++)
            {
                var caseDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "ours", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                using var key = emptyIdCases.Contains(i)
                    ? Sm2SigningKey.Generate(Sm2EngineKind.Fast).WithUserId([])
                    : Sm2SigningKey.Generate(Sm2EngineKind.Fast);
                var message = new byte[random.Next(0, 300)];
                random.NextBytes(message);
                File.WriteAllText(Path.Combine(caseDir.FullName, "pub.pem"), PublicKeyPem.Export(key.PublicKey));
                File.WriteAllBytes(Path.Combine(caseDir.FullName, "msg"), message);
                File.WriteAllBytes(Path.Combine(caseDir.FullName, "sig"), key.Sign(SignatureAlgorithm.Sm2Sm3, message));
                File.WriteAllText(Path.Combine(caseDir.FullName, "id"), emptyIdCases.Contains(i) ? "empty" : "default");
            }

            for (int i = 0; i < TheirCases; i++)
            {
                var caseDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "theirs", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                var message = new byte[random.Next(0, 300)];
                random.NextBytes(message);
                File.WriteAllBytes(Path.Combine(caseDir.FullName, "msg"), message);
            }

            var script = $$"""
                set -u
                cd '{{dir.FullName}}'
                for d in ours/*; do
                  opt=""; [ "$(cat $d/id)" = default ] && opt="-pkeyopt distid:{{DefaultId}}"
                  if openssl pkeyutl -verify -pubin -inkey $d/pub.pem -rawin -in $d/msg -digest sm3 -sigfile $d/sig $opt >/dev/null 2>&1; then echo "ours $d OK"; else echo "ours $d FAIL"; fi
                  printf 'x' >> $d/msg
                  if openssl pkeyutl -verify -pubin -inkey $d/pub.pem -rawin -in $d/msg -digest sm3 -sigfile $d/sig $opt >/dev/null 2>&1; then echo "tampered $d ACCEPTED"; fi
                done
                for d in theirs/*; do
                  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out $d/key.pem 2>/dev/null || { echo "genpkey failed"; exit 3; }
                  openssl pkey -in $d/key.pem -pubout -outform DER -out $d/pub.der 2>/dev/null
                  openssl pkeyutl -sign -inkey $d/key.pem -rawin -in $d/msg -digest sm3 -pkeyopt distid:{{DefaultId}} -out $d/sig 2>/dev/null || { echo "sign failed"; exit 4; }
                done
                echo done
                """;
            var output = RunBash(script);
            Assert.Contains("done", output, StringComparison.Ordinal);
            Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
            Assert.DoesNotContain("ACCEPTED", output, StringComparison.Ordinal);
            Assert.Equal(OurCases, output.Split('\n').Count(l => l.StartsWith("ours ", StringComparison.Ordinal) && l.EndsWith(" OK", StringComparison.Ordinal)));

            for (int i = 0; i < TheirCases; i++)
            {
                var caseDir = Path.Combine(dir.FullName, "theirs", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var spki = File.ReadAllBytes(Path.Combine(caseDir, "pub.der"));
                var point = spki[^65..]; // the BIT STRING content: 04 ‖ x ‖ y
                var message = File.ReadAllBytes(Path.Combine(caseDir, "msg"));
                var signature = File.ReadAllBytes(Path.Combine(caseDir, "sig"));
                var key = Sm2VerificationKey.FromPoint(point, engine: Sm2EngineKind.Fast);
                Assert.True(key.Verify(SignatureAlgorithm.Sm2Sm3, message, signature), $"OpenSSL case {i} did not verify");
                Assert.False(key.Verify(SignatureAlgorithm.Sm2Sm3, [.. message, 1], signature));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string RunBash(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("openssl batch did not finish");
        }

        var text = new StringBuilder(stdout.Result).Append(stderr.Result).ToString();
        Assert.True(process.ExitCode == 0, "The OpenSSL batch failed (is OpenSSL 3 with SM2 on PATH?): " + text);
        return text;
    }
}
