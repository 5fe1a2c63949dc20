using System.CommandLine;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Keys;
using Trust.Core.Results;

namespace Trust.Cli.Commands;

/// <summary><c>trust sign</c> and <c>trust verify-signature</c>: raw signatures over a file, interoperable with OpenSSL.</summary>
internal static class SignatureCommands
{
    /// <summary>Largest input file signed or verified (the signature API takes the whole message).</summary>
    internal const long MaxInputBytes = 512L * 1024 * 1024;

    /// <summary>Largest signature file accepted.</summary>
    internal const int MaxSignatureBytes = 16 * 1024;

    internal static IEnumerable<Command> Create(CliContext context)
    {
        yield return Sign(context);
        yield return Verify(context);
    }

    private static Option<string> AlgorithmOption() => new Option<string>("--alg")
    {
        Description = "sm2 (SM2-SM3, default signer ID 1234567812345678), rsa (PKCS#1 v1.5 SHA-256; PSS with --pss) or ecdsa (P-256 SHA-256).",
        Required = true,
    }.AcceptOnlyFromAmong("sm2", "rsa", "ecdsa");

    private static Option<bool> PssOption() => new("--pss") { Description = "RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) instead of PKCS#1 v1.5." };

    private static Command Sign(CliContext context)
    {
        var alg = AlgorithmOption();
        var pss = PssOption();
        var key = new Option<string>("--key") { Description = "Private key PEM: PKCS#8 (encrypted or not), SEC1 'EC PRIVATE KEY' or PKCS#1 'RSA PRIVATE KEY'.", HelpName = "KEY.pem", Required = true };
        var passEnv = new Option<string?>("--pass-env") { Description = "Environment variable holding the key passphrase.", HelpName = "VAR" };
        var passFile = new Option<string?>("--pass-file") { Description = "File whose first line is the key passphrase.", HelpName = "FILE" };
        var input = new Option<string>("--in") { Description = "File to sign.", HelpName = "FILE", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the signature (DER r,s for SM2/ECDSA; raw for RSA). Written atomically.", HelpName = "SIG", Required = true };
        var command = new Command("sign", "Sign a file. The signature verifies with 'openssl pkeyutl -verify -rawin' (SM2: -digest sm3 -pkeyopt distid:1234567812345678).")
        {
            alg, pss, key, passEnv, passFile, input, output,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var algorithm = ResolveAlgorithm(parse.GetValue(alg)!, parse.GetValue(pss));
            var passphrase = ResolvePassphrase(parse.GetValue(passEnv), parse.GetValue(passFile));
            var keyPath = parse.GetValue(key)!;
            if (!File.Exists(keyPath))
            {
                throw new CliUsageException($"--key {keyPath}: file does not exist");
            }

            using var signingKey = LoadPrivateKey(keyPath, passphrase, out var encrypted);
            if (!encrypted)
            {
                run.Warn($"{keyPath} is not encrypted; keep private keys as encrypted PKCS#8 (PBES2)");
            }

            EnsureKeyFits(algorithm, signingKey.KeyAlgorithm, "--key", keyPath);
            var inPath = parse.GetValue(input)!;
            var message = ReadInput(inPath, "--in");
            var signature = signingKey.Sign(algorithm, message);
            var outPath = parse.GetValue(output)!;
            AtomicFile.WriteAllBytes(outPath, signature);
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Algorithm = SignatureAlgorithms.DisplayName(algorithm),
                    In = inPath,
                    Out = outPath,
                    SignatureBytes = signature.Length,
                    KeyEncrypted = encrypted,
                });
            }
            else
            {
                run.Output.WriteLine($"signed {inPath} with {SignatureAlgorithms.DisplayName(algorithm)} -> {outPath} ({signature.Length} bytes)");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var alg = AlgorithmOption();
        var pss = PssOption();
        var cert = new Option<string?>("--cert") { Description = "Signer's certificate PEM (its chain is not checked here).", HelpName = "CERT.pem" };
        var pub = new Option<string?>("--pub") { Description = "Signer's public key PEM (SubjectPublicKeyInfo, as 'openssl pkey -pubout' writes).", HelpName = "PUB.pem" };
        var input = new Option<string>("--in") { Description = "The signed file.", HelpName = "FILE", Required = true };
        var sig = new Option<string>("--sig") { Description = "The signature (DER or raw r||s for SM2/ECDSA).", HelpName = "SIG", Required = true };
        var allowHighS = new Option<bool>("--allow-high-s")
        {
            Description = "ECDSA only: also accept a signature whose s is above n/2 (OpenSSL and other signers that do not normalise make one " +
                "about half the time). Without it such a signature is invalid (reason signature.high_s); Trust's own signatures are always low-s.",
        };
        var command = new Command("verify-signature", "Verify a signature over a file. Exit 0 valid, 1 invalid, 2 bad input.")
        {
            alg, pss, cert, pub, input, sig, allowHighS,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var algorithm = ResolveAlgorithm(parse.GetValue(alg)!, parse.GetValue(pss));
            var certPath = parse.GetValue(cert);
            var pubPath = parse.GetValue(pub);
            if ((certPath is null) == (pubPath is null))
            {
                throw new CliUsageException("give exactly one of --cert CERT.pem or --pub PUB.pem");
            }

            var (option, keyPath) = certPath is not null ? ("--cert", certPath) : ("--pub", pubPath!);
            if (!File.Exists(keyPath))
            {
                throw new CliUsageException($"{option} {keyPath}: file does not exist");
            }

            if (new FileInfo(keyPath).Length > PrivateKeyPem.MaxPemLength * 4L)
            {
                throw new CliUsageException($"{option} {keyPath}: file is too large for a key or certificate");
            }

            VerificationKey publicKey;
            try
            {
                publicKey = PublicKeyPem.Load(File.ReadAllText(keyPath));
            }
            catch (Trust.Core.TrustKeyException ex)
            {
                throw new CliUsageException($"{option} {keyPath}: {ex.Message}");
            }

            EnsureKeyFits(algorithm, publicKey.KeyAlgorithm, option, keyPath);
            var inPath = parse.GetValue(input)!;
            var message = ReadInput(inPath, "--in");
            var sigPath = parse.GetValue(sig)!;
            if (!File.Exists(sigPath))
            {
                throw new CliUsageException($"--sig {sigPath}: file does not exist");
            }

            if (new FileInfo(sigPath).Length > MaxSignatureBytes)
            {
                throw new CliUsageException($"--sig {sigPath}: larger than {MaxSignatureBytes} bytes, not a signature");
            }

            var signature = File.ReadAllBytes(sigPath);
            string? reason = null;
            bool valid;
            if (algorithm == SignatureAlgorithm.EcdsaP256Sha256 && publicKey is EcdsaVerificationKey ecdsa)
            {
                // Strict by default: the high-s twin of a signature is refused unless the caller opts in.
                var highS = EcdsaVerificationKey.IsHighS(signature);
                var allowed = parse.GetValue(allowHighS);
                valid = allowed ? ecdsa.VerifyAllowingHighS(algorithm, message, signature) : !highS && publicKey.Verify(algorithm, message, signature);
                reason = !valid && highS && !allowed ? "signature.high_s" : null;
            }
            else
            {
                if (parse.GetValue(allowHighS))
                {
                    throw new CliUsageException($"--allow-high-s applies to --alg ecdsa only, not --alg {parse.GetValue(alg)}");
                }

                valid = publicKey.Verify(algorithm, message, signature);
            }

            reason ??= valid ? null : "signature.mismatch";
            var verdict = valid ? VerdictWords.Valid : VerdictWords.Invalid;
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Verdict = verdict,
                    Algorithm = SignatureAlgorithms.DisplayName(algorithm),
                    In = inPath,
                    Sig = sigPath,
                    Reasons = reason is null ? Array.Empty<string>() : [reason],
                });
            }
            else
            {
                var because = reason is "signature.high_s" ? " (signature.high_s: s is above n/2; --allow-high-s accepts it)" : "";
                run.Output.WriteLine($"{verdict}: {SignatureAlgorithms.DisplayName(algorithm)} signature {sigPath} over {inPath}{because}");
            }

            return valid ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    internal static SignatureAlgorithm ResolveAlgorithm(string name, bool pss) => (name, pss) switch
    {
        ("rsa", true) => SignatureAlgorithm.RsaPssSha256,
        ("rsa", false) => SignatureAlgorithm.RsaPkcs1Sha256,
        (_, true) => throw new CliUsageException($"--pss applies to --alg rsa only, not --alg {name}"),
        ("sm2", _) => SignatureAlgorithm.Sm2Sm3,
        ("ecdsa", _) => SignatureAlgorithm.EcdsaP256Sha256,
        _ => throw new CliUsageException($"--alg {name}: expected sm2, rsa or ecdsa"),
    };

    private static SigningKey LoadPrivateKey(string path, string passphrase, out bool encrypted)
    {
        try
        {
            if (new FileInfo(path).Length > PrivateKeyPem.MaxPemLength)
            {
                throw new CliUsageException($"--key {path}: larger than {PrivateKeyPem.MaxPemLength} bytes, not a key file");
            }

            // OpenSSL 3.0 labels a traditional (SEC1) SM2 key "SM2 PRIVATE KEY"; the contents are an ordinary SEC1 ECPrivateKey.
            var pem = File.ReadAllText(path)
                .Replace("-----BEGIN SM2 PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----", StringComparison.Ordinal)
                .Replace("-----END SM2 PRIVATE KEY-----", "-----END EC PRIVATE KEY-----", StringComparison.Ordinal);
            return PrivateKeyPem.Load(pem, passphrase, out encrypted);
        }
        catch (Trust.Core.TrustKeyException ex)
        {
            var hint = passphrase.Length == 0 ? " (give the passphrase with --pass-env VAR or --pass-file FILE)" : string.Empty;
            throw new CliUsageException($"--key {path}: {ex.Message}{hint}");
        }
    }

    private static string ResolvePassphrase(string? variable, string? file)
    {
        if (variable is not null && file is not null)
        {
            throw new CliUsageException("give at most one of --pass-env and --pass-file");
        }

        if (variable is not null)
        {
            return KeyPassphrase.FromEnvironment(variable);
        }

        return file is not null ? KeyPassphrase.FromFile(file) : string.Empty;
    }

    private static void EnsureKeyFits(SignatureAlgorithm algorithm, KeyAlgorithm key, string option, string path)
    {
        if (SignatureAlgorithms.KeyAlgorithmOf(algorithm) != key)
        {
            throw new CliUsageException($"{option} {path}: holds a {Describe(key)} key, which does not fit {SignatureAlgorithms.DisplayName(algorithm)}");
        }
    }

    private static string Describe(KeyAlgorithm key) => key switch
    {
        KeyAlgorithm.Sm2 => "SM2",
        KeyAlgorithm.Rsa => "RSA",
        _ => "ECDSA P-256",
    };

    private static byte[] ReadInput(string path, string option)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CliUsageException($"{option} {path}: file does not exist");
        }

        if (info.Length > MaxInputBytes)
        {
            throw new CliUsageException($"{option} {path}: larger than {MaxInputBytes / (1024 * 1024)} MiB");
        }

        return File.ReadAllBytes(path);
    }
}
