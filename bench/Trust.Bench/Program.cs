using BenchmarkDotNet.Running;

namespace Trust.Bench;

/// <summary>
/// Runs the BenchmarkDotNet suites. Examples:
/// <c>dotnet run -c Release --project bench/Trust.Bench -- --filter '*Sm2*'</c>,
/// <c>dotnet run -c Release --project bench/Trust.Bench -- --list flat</c>.
/// </summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        if (BenchModes.TryRun(args)) // "dudect" and "sm2quick" console modes (issue 9)
        {
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
