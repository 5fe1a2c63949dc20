using System.Security.Cryptography;
using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Keys;

/// <summary>Hostile input to the key loaders: only <see cref="TrustKeyException"/> may come out.</summary>
public sealed class KeyLoaderFuzzTests
{
    private static readonly SigningKey[] Keys = SigningKeys.Supported.Select(SigningKeys.Generate).ToArray();

    private static readonly (string Label, byte[] Der, bool Encrypted)[] Seeds = Keys.SelectMany(k => new[]
    {
        ("PRIVATE KEY", k.ExportPkcs8Der(), false),
        ("ENCRYPTED PRIVATE KEY", Pem.Body(PrivateKeyPem.ExportEncrypted(k, "pw", iterations: 1000)), true),
        ("PUBLIC KEY", k.PublicKey.ExportSubjectPublicKeyInfo(), false),
    }).ToArray();

    [Property(MaxTest = 300)]
    public bool Random_text_gives_only_key_errors(string text, byte[] bytes)
    {
        Survives(() => PrivateKeyPem.Load(text ?? "", "pw", out _));
        Survives(() => PublicKeyPem.Load(text ?? ""));
        Survives(() => PrivateKeyPem.Load(new string(PemEncoding.Write("PRIVATE KEY", bytes)), "pw", out _));
        Survives(() => PrivateKeyPem.Load(new string(PemEncoding.Write("EC PRIVATE KEY", bytes)), "pw", out _));
        Survives(() => PrivateKeyPem.Load(new string(PemEncoding.Write("RSA PRIVATE KEY", bytes)), "pw", out _));
        Survives(() => PrivateKeyPem.Load(new string(PemEncoding.Write("ENCRYPTED PRIVATE KEY", bytes)), "pw", out _));
        Survives(() => PublicKeyPem.Load(new string(PemEncoding.Write("PUBLIC KEY", bytes))));
        Survives(() => PublicKeyPem.Load(new string(PemEncoding.Write("CERTIFICATE", bytes))));
        return true;
    }

    [Property(MaxTest = 400)]
    public bool Mutated_key_files_give_only_key_errors(PositiveInt seedIndex, PositiveInt position, byte value, PositiveInt cut)
    {
        var (label, der, _) = Seeds[seedIndex.Get % Seeds.Length];
        var mutated = (byte[])der.Clone();
        mutated[position.Get % mutated.Length] ^= (byte)(value | 1);
        var truncated = der[..(cut.Get % der.Length)];
        foreach (var candidate in new[] { mutated, truncated })
        {
            var pem = new string(PemEncoding.Write(label, candidate));
            if (label == "PUBLIC KEY")
            {
                Survives(() => PublicKeyPem.Load(pem));
            }
            else
            {
                Survives(() => PrivateKeyPem.Load(pem, "pw", out _));
            }
        }

        return true;
    }

    private static void Survives(Func<object> load)
    {
        try
        {
            if (load() is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (TrustKeyException)
        {
        }
    }
}

internal static class Pem
{
    internal static byte[] Body(string pem)
    {
        PemEncoding.TryFind(pem, out var fields);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
