using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Grpc.V1;

namespace Trust.LoadGen.Mixed;

/// <summary>What a pool licence must verify as.</summary>
internal enum ExpectedVerdict : byte
{
    Valid = 0,
    Revoked = 1,
    Expired = 2,
}

/// <summary>One licence of a mixed pool: its bytes, the verdict it must get, and what it covers.</summary>
internal sealed record MixedLicence(ByteString Bytes, ExpectedVerdict Expected, string TypeCode, string Department, string Algorithm);

/// <summary>One licence to issue: which type, which department, which verdict.</summary>
internal sealed record PlannedLicence(int Index, LicenceType Type, string Department, string Algorithm, ExpectedVerdict Expected);

/// <summary>An issuing department of the PKI and the licence kinds it may issue.</summary>
internal sealed record IssuingDepartment(string Code, string Algorithm, IReadOnlyList<string> Kinds);

/// <summary>
/// The mixed pool: licences of every catalogue type whose kind has an issuing department in the PKI, each issued by a
/// department of that kind (city and district departments alike, so SM2 and RSA issuers), with shares issued already
/// expired (validity window in the past) or revoked right after issue. Saved as a file so a fresh server process can
/// verify them.
/// </summary>
internal static class MixedPool
{
    /// <summary>The department that issues the licence kinds no other department of the PKI covers (as the development PKI's).</summary>
    internal const string ApprovalBureau = "AAB";

    private static readonly byte[] Magic = "TLMIX1\n"u8.ToArray();

    /// <summary>
    /// The departments of the PKI that may issue licences, with their kinds: a department's own kind (<see cref="DepartmentCode.KindOf"/>),
    /// and for the administrative approval bureau the catalogue kinds no other present department covers (what the development
    /// PKI writes into the licence-issuer certificates). Departments of a kind without any catalogue type are left out.
    /// </summary>
    public static IReadOnlyList<IssuingDepartment> IssuingDepartments(IEnumerable<PkiDepartment> departments, LicenceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(catalog);
        var list = departments.ToList();
        var catalogKinds = catalog.Types.Select(t => t.DepartmentKind).ToHashSet(StringComparer.Ordinal);
        var covered = list.Select(d => DepartmentCode.KindOf(d.Code)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var result = new List<IssuingDepartment>();
        foreach (var d in list)
        {
            IReadOnlyList<string> kinds = d.Code == ApprovalBureau
                ? [.. catalog.Types.Select(t => t.DepartmentKind).Where(k => !covered.Contains(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
                : DepartmentCode.KindOf(d.Code) is { } kind && catalogKinds.Contains(kind) ? [kind] : [];
            if (kinds.Count > 0)
            {
                result.Add(new IssuingDepartment(d.Code, d.LicenceIssuerAlgorithm, kinds));
            }
        }

        return result;
    }

    /// <summary>
    /// Plans <paramref name="count"/> licences: every (type, department of its kind) pair in a seeded random order, repeated
    /// until the count is reached (so a count of at least <see cref="PairCount"/> covers every type and every issuing department);
    /// each licence is revoked with probability <paramref name="revokedShare"/> and expired with <paramref name="expiredShare"/>.
    /// </summary>
    public static IReadOnlyList<PlannedLicence> Plan(IReadOnlyList<IssuingDepartment> departments, LicenceCatalog catalog, int count, double revokedShare, double expiredShare, int seed)
    {
        var pairs = Pairs(departments, catalog);
        if (pairs.Count == 0)
        {
            throw new UsageException("no licence type has an issuing department in this PKI");
        }

        var random = new Random(seed);
        var order = pairs.ToArray();
        random.Shuffle(order);
        var plan = new List<PlannedLicence>(count);
        for (var i = 0; i < count; i++)
        {
            var (type, department) = order[i % order.Length];
            var u = random.NextDouble();
            var expected = u < revokedShare ? ExpectedVerdict.Revoked : u < revokedShare + expiredShare ? ExpectedVerdict.Expired : ExpectedVerdict.Valid;
            plan.Add(new PlannedLicence(i, type, department.Code, department.Algorithm, expected));
        }

        return plan;
    }

    /// <summary>How many (type, department) pairs the PKI allows: the pool size that covers them all.</summary>
    public static int PairCount(IReadOnlyList<IssuingDepartment> departments, LicenceCatalog catalog) => Pairs(departments, catalog).Count;

    private static List<(LicenceType Type, IssuingDepartment Department)> Pairs(IReadOnlyList<IssuingDepartment> departments, LicenceCatalog catalog) =>
        [.. from type in catalog.Types
            from department in departments
            where department.Kinds.Contains(type.DepartmentKind, StringComparer.Ordinal)
            select (type, department)];

    /// <summary>Issues the planned licences through the API (revoking the ones planned revoked), <paramref name="concurrency"/> at a time.</summary>
    public static async Task<List<MixedLicence>> IssueAsync(LicenceService.LicenceServiceClient client, IReadOnlyList<PlannedLicence> plan, int seed, int concurrency, Metadata headers, TextWriter progress, CancellationToken cancellationToken)
    {
        var issued = new MixedLicence[plan.Count];
        var next = -1;
        var done = 0;
        var now = DateTimeOffset.UtcNow;
        var workers = Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, plan.Count))).Select(w => Task.Run(
            async () =>
            {
                var random = new Random(seed ^ (w * 7919));
                int i;
                while ((i = Interlocked.Increment(ref next)) < plan.Count)
                {
                    var p = plan[i];
                    var generated = LicenceFieldGenerator.Generate(p.Type, ((long)seed * 1_000_003) + i, random);
                    var request = new IssueLicenceRequest { Department = p.Department, TypeCode = p.Type.Code, HolderId = generated.HolderId, HolderName = generated.HolderName };
                    foreach (var (code, value) in generated.Fields)
                    {
                        request.Fields.Add(code, value);
                    }
                    if (p.Expected == ExpectedVerdict.Expired)
                    {
                        // A validity window that ended yesterday: the API takes any window whose end is after its start.
                        request.ValidFrom = Timestamp.FromDateTimeOffset(now.AddDays(-30));
                        request.ValidUntil = Timestamp.FromDateTimeOffset(now.AddDays(-1));
                    }

                    IssueLicenceResponse response;
                    try
                    {
                        response = await client.IssueAsync(request, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.FailedPrecondition)
                    {
                        throw new UsageException($"the server refused to issue {p.Type.Code} for {p.Department}: {ex.StatusCode}: {ex.Status.Detail}");
                    }

                    if (p.Expected == ExpectedVerdict.Revoked)
                    {
                        await client.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = response.LicenceId, Reason = "load test: revoked share of the mixed pool" }, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }

                    issued[i] = new MixedLicence(response.Licence, p.Expected, p.Type.Code, p.Department, p.Algorithm);
                    var n = Interlocked.Increment(ref done);
                    if (n % 5_000 == 0)
                    {
                        await progress.WriteLineAsync($"  issued {n}/{plan.Count} mixed licences").ConfigureAwait(false);
                    }
                }
            },
            cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
        return [.. issued];
    }

    /// <summary>Writes the pool: a magic line, then per licence the expected verdict (1 byte), type code, department, algorithm (each a byte length and ASCII) and the licence (4-byte big-endian length and bytes).</summary>
    public static void Save(string path, IReadOnlyList<MixedLicence> pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        using (var file = new BinaryWriter(File.Create(temp)))
        {
            file.Write(Magic);
            foreach (var licence in pool)
            {
                file.Write((byte)licence.Expected);
                WriteText(file, licence.TypeCode);
                WriteText(file, licence.Department);
                WriteText(file, licence.Algorithm);
                var length = new byte[4];
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, licence.Bytes.Length);
                file.Write(length);
                file.Write(licence.Bytes.Span);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a pool written by <see cref="Save"/>.</summary>
    /// <exception cref="UsageException">The file is not a mixed pool, is truncated or holds an impossible value (names the byte offset).</exception>
    public static List<MixedLicence> Load(string path) => Parse(File.ReadAllBytes(path), path);

    internal static List<MixedLicence> Parse(byte[] bytes, string name)
    {
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new UsageException($"{name}: not a mixed licence pool file");
        }

        var list = new List<MixedLicence>();
        var offset = Magic.Length;
        while (offset < bytes.Length)
        {
            var start = offset;
            var expected = bytes[offset++];
            if (expected > (byte)ExpectedVerdict.Expired)
            {
                throw new UsageException($"{name}: unknown expected verdict {expected} at byte {start}");
            }

            var type = ReadText(bytes, ref offset, name);
            var department = ReadText(bytes, ref offset, name);
            var algorithm = ReadText(bytes, ref offset, name);
            if (bytes.Length - offset < 4)
            {
                throw new UsageException($"{name}: truncated at byte {offset}");
            }

            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
            if (length <= 0 || length > bytes.Length - offset - 4)
            {
                throw new UsageException($"{name}: bad licence length {length} at byte {offset}");
            }

            offset += 4;
            list.Add(new MixedLicence(ByteString.CopyFrom(bytes, offset, length), (ExpectedVerdict)expected, type, department, algorithm));
            offset += length;
        }

        if (list.Count == 0)
        {
            throw new UsageException($"{name}: the pool is empty");
        }

        return list;
    }

    private static void WriteText(BinaryWriter writer, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length is 0 or > 255)
        {
            throw new ArgumentException($"'{text}' must be 1 to 255 ASCII characters", nameof(text));
        }

        writer.Write((byte)bytes.Length);
        writer.Write(bytes);
    }

    private static string ReadText(byte[] bytes, ref int offset, string name)
    {
        if (offset >= bytes.Length)
        {
            throw new UsageException($"{name}: truncated at byte {offset}");
        }

        var length = bytes[offset];
        if (length == 0 || length > bytes.Length - offset - 1)
        {
            throw new UsageException($"{name}: bad text length {length} at byte {offset}");
        }

        if (bytes.AsSpan(offset + 1, length).ContainsAnyExceptInRange((byte)'!', (byte)'~'))
        {
            throw new UsageException($"{name}: text at byte {offset} is not printable ASCII");
        }

        var text = Encoding.ASCII.GetString(bytes, offset + 1, length);

        offset += 1 + length;
        return text;
    }
}
