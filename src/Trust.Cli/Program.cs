namespace Trust.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("trust: no commands yet");
        return args.Length == 0 ? 2 : 2;
    }
}
