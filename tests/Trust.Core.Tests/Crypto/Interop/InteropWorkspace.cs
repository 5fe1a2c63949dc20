namespace Trust.Core.Tests.Crypto.Interop;

/// <summary>A temporary directory of messages, signatures and keys shared with openssl.</summary>
internal sealed class InteropWorkspace : IDisposable
{
    internal InteropWorkspace() => Directory = System.IO.Directory.CreateTempSubdirectory("trust-openssl-").FullName;

    internal string Directory { get; }

    internal string PathOf(string name) => Path.Combine(Directory, name);

    internal void Write(string name, byte[] data) => File.WriteAllBytes(PathOf(name), data);

    internal void Write(string name, string text) => File.WriteAllText(PathOf(name), text);

    internal byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    internal string ReadText(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Writes <paramref name="count"/> random messages m0..m{count-1} of 0 to 2,000 bytes; returns them.</summary>
    internal byte[][] WriteRandomMessages(int count, int seed)
    {
        var random = new Random(seed);
        var messages = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            messages[i] = new byte[random.Next(0, 2000)];
            random.NextBytes(messages[i]);
            Write($"m{i}", messages[i]);
        }

        return messages;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
