using System.Diagnostics;

namespace Trust.Pdf.Tests.Support;

/// <summary>Runs poppler's pdfsig and qpdf as independent checks.</summary>
internal static class ExternalTools
{
    public static (int ExitCode, string Output) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Cannot start " + tool);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException(tool + " timed out");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string TempFile(byte[] content, string suffix = ".pdf")
    {
        var path = Path.Combine(Path.GetTempPath(), "trust-pdf-" + Guid.NewGuid().ToString("N") + suffix);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>pdfsig's per-signature blocks ("Signature #1:" ...).</summary>
    public static IReadOnlyList<string> PdfSigBlocks(string output) =>
        output.Split("Signature #", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
}
