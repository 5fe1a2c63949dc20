using Google.Protobuf;

namespace Trust.LoadGen.Tests;

public sealed class LicencePoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-loadgen-pool-").FullName;

    [Fact]
    public void Saved_pool_reads_back_the_same_licences()
    {
        var path = Path.Combine(_dir, "pool.bin");
        ByteString[] licences = [ByteString.CopyFromUtf8("one"), ByteString.CopyFrom(new byte[70_000]), ByteString.CopyFromUtf8("3")];
        LicencePool.Save(path, licences);
        Assert.Equal(licences, LicencePool.Load(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pool")]
    [InlineData("TLPOOL1\n")]
    [InlineData("TLPOOL1\n\0\0")]
    [InlineData("TLPOOL1\n\0\0\0\u0009abc")]
    [InlineData("TLPOOL1\n\u00ff\u00ff\u00ff\u00ffabc")]
    [InlineData("TLPOOL1\n\0\0\0\0")]
    public void Hostile_pool_files_are_refused_with_a_message(string content)
    {
        var path = Path.Combine(_dir, "bad.bin");
        File.WriteAllBytes(path, content.Select(c => (byte)c).ToArray());
        var ex = Assert.Throws<UsageException>(() => LicencePool.Load(path));
        Assert.Contains("bad.bin", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
