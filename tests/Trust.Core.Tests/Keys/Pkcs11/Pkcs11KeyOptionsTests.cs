using FsCheck.Xunit;
using Trust.Core.Keys.Pkcs11;

namespace Trust.Core.Tests.Keys.Pkcs11;

public sealed class Pkcs11KeyOptionsTests
{
    [Fact]
    public void Rfc7512_uri_names_module_token_key_and_pin_file()
    {
        var options = Pkcs11KeyOptions.Parse("pkcs11:token=City%20Seals;object=seal-1;id=%0a%01;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:///run/secrets/pin");

        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", options.LibraryPath);
        Assert.Equal("City Seals", options.TokenLabel);
        Assert.Equal("seal-1", options.KeyLabel);
        Assert.Equal("0A01", options.KeyId);
        Assert.Equal("/run/secrets/pin", options.PinFile);
        Assert.Null(options.PinEnvironmentVariable);
    }

    [Fact]
    public void Default_module_and_pin_environment_extension_are_used()
    {
        var options = Pkcs11KeyOptions.Parse("pkcs11:token=t;object=k?x-pin-env=SEAL_PIN", "/opt/hsm/lib.so");

        Assert.Equal("/opt/hsm/lib.so", options.LibraryPath);
        Assert.Equal("SEAL_PIN", options.PinEnvironmentVariable);
    }

    [Theory]
    [InlineData("file:///k.pem")]
    [InlineData("pkcs11:object=k?module-path=/m.so")]
    [InlineData("pkcs11:token=t;object=k")]
    [InlineData("pkcs11:token=t;object=k?module-path=/m.so&pin-value=1234")]
    [InlineData("pkcs11:token=t;token=u?module-path=/m.so")]
    [InlineData("pkcs11:token=t;id=%zz?module-path=/m.so")]
    [InlineData("pkcs11:token=t;noequals?module-path=/m.so")]
    public void Unusable_uris_are_clear_key_errors(string uri)
    {
        Assert.Throws<TrustKeyException>(() => Pkcs11KeyOptions.Parse(uri));
    }

    [Property(MaxTest = 300)]
    public bool Parsing_arbitrary_text_gives_only_key_errors(string tail)
    {
        try
        {
            Pkcs11KeyOptions.Parse("pkcs11:" + tail, "/m.so");
        }
        catch (TrustKeyException)
        {
        }

        return true;
    }
}
