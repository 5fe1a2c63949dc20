using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Trust.Core.Licences;
using Trust.Grpc.V1;

namespace Trust.LoadGen;

/// <summary>
/// Signed licences to verify: issued through the server's API (so they are in its store and
/// their status is known) and optionally saved to a file, so later runs against a fresh server
/// process can verify licences that process has never seen.
/// </summary>
internal static class LicencePool
{
    private static readonly byte[] Magic = "TLPOOL1\n"u8.ToArray();

    /// <summary>
    /// The licence type a department's pool holds: a department may issue only the types of its own kind (its licence-issuer
    /// certificate says which), so BL for <c>SAMR</c>, else the first type whose kind is the code before the district suffix.
    /// </summary>
    /// <exception cref="UsageException">No licence type has the department's kind.</exception>
    public static LicenceType TypeFor(string department)
    {
        var kind = department.Split('-')[0];
        return kind == "SAMR" ? LicenceCatalog.Default.Get("BL")
            : LicenceCatalog.Default.Types.FirstOrDefault(t => t.DepartmentKind == kind)
              ?? throw new UsageException($"--department {department}: no licence type of kind {kind} to issue");
    }

    /// <summary>
    /// Issues <paramref name="count"/> licences for <paramref name="department"/> with the catalogue's example fields: business
    /// licences (BL) for a market-regulation department, else the first type of the department's kind (see <see cref="TypeFor"/>).
    /// </summary>
    public static async Task<List<ByteString>> IssueAsync(LicenceService.LicenceServiceClient client, string department, int count, int concurrency, Metadata headers, TextWriter progress, CancellationToken cancellationToken)
    {
        var type = TypeFor(department);
        var fields = type.ExampleFields();
        var template = new IssueLicenceRequest
        {
            Department = department,
            TypeCode = type.Code,
            HolderId = type.ExampleHolderId,
            HolderName = fields[LicenceType.HolderNameField],
        };
        foreach (var (code, value) in fields)
        {
            template.Fields.Add(code, value);
        }

        var issued = new ByteString[count];
        var next = -1;
        var done = 0;
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var response = await client.IssueAsync(template, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
                    issued[i] = response.Licence;
                    var n = Interlocked.Increment(ref done);
                    if (n % 5_000 == 0)
                    {
                        await progress.WriteLineAsync($"  issued {n}/{count} for {department}").ConfigureAwait(false);
                    }
                }
            },
            cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
        return [.. issued];
    }

    /// <summary>Writes the pool: a magic line, then each licence as a 4-byte big-endian length and its bytes.</summary>
    public static void Save(string path, IReadOnlyList<ByteString> licences)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        {
            file.Write(Magic);
            Span<byte> length = stackalloc byte[4];
            foreach (var licence in licences)
            {
                BinaryPrimitives.WriteInt32BigEndian(length, licence.Length);
                file.Write(length);
                file.Write(licence.Span);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a pool written by <see cref="Save"/>.</summary>
    /// <exception cref="UsageException">The file is not a licence pool.</exception>
    public static List<ByteString> Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new UsageException($"{path}: not a licence pool file");
        }

        var list = new List<ByteString>();
        var offset = Magic.Length;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 4)
            {
                throw new UsageException($"{path}: truncated at byte {offset}");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
            offset += 4;
            if (length <= 0 || length > bytes.Length - offset)
            {
                throw new UsageException($"{path}: bad length {length} at byte {offset - 4}");
            }

            list.Add(ByteString.CopyFrom(bytes, offset, length));
            offset += length;
        }

        if (list.Count == 0)
        {
            throw new UsageException($"{path}: the pool is empty");
        }

        return list;
    }
}
