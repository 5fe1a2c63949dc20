using BenchmarkDotNet.Running;

namespace Trust.Bench;

/// <summary>
/// Runs the BenchmarkDotNet suites. Examples:
/// <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*Sm2*'</c>,
/// <c>dotnet run -c Release --project bench/Trust.Bench -- --list flat</c>,
/// <c>/usr/bin/time -v dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll pdf-memory 200</c> (peak memory of sealing and verifying a 200 MB PDF).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (BenchModes.TryRun(args)) // "dudect" and "sm2quick" console modes (issue 9)
        {
            return 0;
        }

        if (args.Length > 0 && args[0] == "licence-files")
        {
            return LicenceFileBenchmarks.RunBatch(args);
        }

        if (args.Length > 0 && args[0] == "renew")
        {
            return RenewalBenchmarks.RunOnce(args);
        }

        if (args.Length > 0 && args[0] == "pdf-memory")
        {
            return PdfBenchData.RunMemory(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
