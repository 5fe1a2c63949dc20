namespace Trust.Bench;

/// <summary>Console modes handled before BenchmarkDotNet: <c>dudect</c> (timing-leak test), <c>sm2quick</c>, <c>sm2verify</c> (issue 19) and <c>sm3quick</c> (CPU-time rates).</summary>
internal static class BenchModes
{
    internal static bool TryRun(string[] args)
    {
        if (args.Length == 0)
        {
            return false;
        }

        switch (args[0])
        {
            case "dudect":
                Dudect.Run(args.Skip(1).ToArray());
                return true;
            case "sm2quick":
                QuickRates.Run();
                return true;
            case "sm2verify":
                Sm2VerifyQuickRates.Run(args.Skip(1).ToArray());
                return true;
            case "sm3quick":
                Sm3QuickRates.Run(args.Skip(1).ToArray());
                return true;
            default:
                return false;
        }
    }
}
