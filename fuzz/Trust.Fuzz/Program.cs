using System.IO.Compression;
using System.Text;
using Trust.Fuzz;

// The SharpFuzz/afl-fuzz harness. Usage:
//   Trust.Fuzz TARGET                  run under afl-fuzz (input on stdin), TARGET = licence | ses | qr | pdf
//   Trust.Fuzz replay TARGET PATH...   run files (or every file of folders) in-process; exit 1 if any finding
//   Trust.Fuzz zlib-seed IN OUT        write a raw-zlib 'qr' seed: 'z' + zlib(IN)
//   Trust.Fuzz payload-seed IN OUT     write a payload 'licence' seed: 'p' + the payload of the licence IN
// Replay with the uninstrumented build (fuzz/work/build): instrumented code needs afl-fuzz's shared memory.
// TRUST_FUZZ_STRICT=1 also reports exceptions the verifiers contained (bare input.malformed, verifier.error:*).
// TRUST_FUZZ_ANCHORS names a folder of DER/PEM root certificates: the fixed trust store (else empty).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Trust.Fuzz TARGET | replay TARGET PATH... | zlib-seed IN OUT");
    return 2;
}

if (args[0] == "zlib-seed" && args.Length == 3)
{
    using var output = File.Create(args[2]);
    output.WriteByte(CoreTargets.QrZlibMode);
    using var zlib = new ZLibStream(output, CompressionLevel.SmallestSize);
    zlib.Write(File.ReadAllBytes(args[1]));
    return 0;
}

if (args[0] == "payload-seed" && args.Length == 3)
{
    var payload = CoreTargets.PayloadOf(File.ReadAllBytes(args[1]));
    File.WriteAllBytes(args[2], [CoreTargets.LicencePayloadMode, .. payload]);
    return 0;
}

var replay = args[0] == "replay";
var target = replay ? (args.Length > 1 ? args[1] : string.Empty) : args[0];
if (target != PdfTarget.Name && !CoreTargets.Names.Contains(target))
{
    Console.Error.WriteLine($"unknown target '{target}' (licence, ses, qr, pdf)");
    return 2;
}

// Instrumented code may only run once SharpFuzz has set up the shared coverage map, that is inside the
// callback of Fuzzer.Run: the targets (trust store, verifiers) are made on the first input.
Action<byte[]>? made = null;
Action<byte[]> Make()
{
    var anchors = Anchors.Load(Environment.GetEnvironmentVariable("TRUST_FUZZ_ANCHORS"));
    var strict = Environment.GetEnvironmentVariable("TRUST_FUZZ_STRICT") == "1";
    if (target == PdfTarget.Name)
    {
        return new PdfTarget(anchors, strict).Run;
    }

    var core = new CoreTargets(anchors, strict);
    return input => core.Run(target, input);
}

void Run(byte[] input) => (made ??= Make())(input);

if (!replay)
{
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        Run(buffer.ToArray());
    });
    return 0;
}

var findings = 0;
var files = args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]);
foreach (var file in files)
{
    try
    {
        Run(File.ReadAllBytes(file));
        Console.WriteLine($"ok      {file}");
    }
#pragma warning disable CA1031 // Reporting every escaping exception is the point of a replay.
    catch (Exception ex)
#pragma warning restore CA1031
    {
        findings++;
        Console.WriteLine($"FINDING {file}: {ex.GetType().FullName}: {ex.Message}");
        Console.WriteLine(ex.StackTrace);
    }
}

Console.WriteLine($"{findings} finding(s)");
return findings == 0 ? 0 : 1;

/// <summary>Loads the fixed trust store: DER or PEM certificates from a folder.</summary>
internal static class Anchors
{
    public static IReadOnlyList<byte[]> Load(string? folder)
    {
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return [];
        }

        var list = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.ASCII.GetString(bytes);
            const string Begin = "-----BEGIN CERTIFICATE-----";
            const string End = "-----END CERTIFICATE-----";
            var at = text.IndexOf(Begin, StringComparison.Ordinal);
            if (at < 0)
            {
                list.Add(bytes);
                continue;
            }

            while (at >= 0)
            {
                var end = text.IndexOf(End, at, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                list.Add(Convert.FromBase64String(text[(at + Begin.Length)..end]));
                at = text.IndexOf(Begin, end, StringComparison.Ordinal);
            }
        }

        return list;
    }
}
