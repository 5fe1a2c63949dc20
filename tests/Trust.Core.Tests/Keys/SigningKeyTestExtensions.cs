using Trust.Core.Crypto;

namespace Trust.Core.Tests.Keys;

internal static class SigningKeyTestExtensions
{
    /// <summary>The unencrypted PKCS#8 of a software key, for crafting test inputs.</summary>
    internal static byte[] ExportPkcs8Der(this SigningKey key) => key.ExportPkcs8();
}
