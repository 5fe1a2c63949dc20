using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Trust.Core.Keys.Pkcs11;

namespace Trust.Core.Tests.Keys.Pkcs11;

/// <summary>
/// A real SoftHSM2 installation private to this test run: its own token directory and
/// softhsm2.conf (SOFTHSM2_CONF, read when the module initialises), two tokens created with
/// softhsm2-util, and keys generated inside the token through PKCS#11 so they never exist
/// outside it.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    internal const string KeysToken = "trust-keys";
    internal const string PinToken = "trust-pin";
    internal const string UserPin = "4321-user";
    internal const string SoPin = "8765-so";
    internal const string RsaLabel = "rsa-seal";
    internal const string EcLabel = "ec-seal";
    internal const string P384Label = "ec-p384";
    internal static readonly byte[] RsaId = [0x0a, 0x01];
    internal static readonly byte[] EcId = [0x0a, 0x02];
    internal static readonly byte[] P384Id = [0x0a, 0x03];

    private readonly string _directory;

    public SoftHsmFixture()
    {
        LibraryPath = Environment.GetEnvironmentVariable("TRUST_TEST_SOFTHSM_LIB") ?? "/usr/lib/softhsm/libsofthsm2.so";
        if (!File.Exists(LibraryPath))
        {
            throw new InvalidOperationException($"SoftHSM2 is not installed ({LibraryPath} is missing): run ./test.sh, which installs softhsm2, or apt-get install softhsm2.");
        }

        _directory = Directory.CreateTempSubdirectory("trust-softhsm-").FullName;
        var tokens = Directory.CreateDirectory(Path.Combine(_directory, "tokens")).FullName;
        var conf = Path.Combine(_directory, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // The module reads SOFTHSM2_CONF with getenv() when it initialises; on Unix .NET keeps its own
        // copy of the environment, so set it in the native environment too.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (NativeEnvironment.SetEnv("SOFTHSM2_CONF", conf, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }

        InitToken(KeysToken);
        InitToken(PinToken);
        GenerateKeys();
    }

    public string LibraryPath { get; }

    internal Pkcs11KeyOptions Options(string? label, byte[]? id = null, string token = KeysToken) => new()
    {
        LibraryPath = LibraryPath,
        TokenLabel = token,
        KeyLabel = label,
        KeyId = id is null ? null : Convert.ToHexString(id),
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void InitToken(string label)
    {
        var start = new ProcessStartInfo("softhsm2-util")
        {
            ArgumentList = { "--init-token", "--free", "--label", label, "--pin", UserPin, "--so-pin", SoPin },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util --init-token failed: {output}");
        }
    }

    private void GenerateKeys()
    {
        var module = Pkcs11Module.Acquire(LibraryPath);
        try
        {
            var slot = module.FindSlot(KeysToken);
            using var session = slot.OpenSession(SessionType.ReadWrite);
            session.Login(CKU.CKU_USER, UserPin);
            var f = Pkcs11Module.Factories.ObjectAttributeFactory;
            var m = Pkcs11Module.Factories.MechanismFactory;

            using (var rsaGen = m.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN))
            {
                session.GenerateKeyPair(
                    rsaGen,
                    [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_LABEL, RsaLabel), f.Create(CKA.CKA_ID, RsaId), f.Create(CKA.CKA_VERIFY, true),
                     f.Create(CKA.CKA_MODULUS_BITS, 2048UL), f.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 1, 0, 1 })],
                    [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_LABEL, RsaLabel), f.Create(CKA.CKA_ID, RsaId), f.Create(CKA.CKA_SIGN, true),
                     f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_SENSITIVE, true), f.Create(CKA.CKA_EXTRACTABLE, false)],
                    out _,
                    out _);
            }

            GenerateEc(session, EcLabel, EcId, [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]);
            GenerateEc(session, P384Label, P384Id, [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]);
            session.Logout();
            session.CloseSession();
        }
        finally
        {
            module.Release();
        }
    }

    private static void GenerateEc(ISession session, string label, byte[] id, byte[] curve)
    {
        var f = Pkcs11Module.Factories.ObjectAttributeFactory;
        using var gen = Pkcs11Module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN);
        session.GenerateKeyPair(
            gen,
            [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id), f.Create(CKA.CKA_VERIFY, true), f.Create(CKA.CKA_EC_PARAMS, curve)],
            [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id), f.Create(CKA.CKA_SIGN, true),
             f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_SENSITIVE, true), f.Create(CKA.CKA_EXTRACTABLE, false)],
            out _,
            out _);
    }
}

internal static class NativeEnvironment
{
    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "setenv")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    internal static extern int SetEnv([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string name, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string value, int overwrite);
}

[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM2 token";
}
