using Trust.Fuzz;

namespace Trust.Pdf.Tests.Fuzz;

/// <summary>
/// Replays the committed fuzz inputs of the pdf target (<c>fuzz/seeds/pdf</c>, <c>fuzz/regressions/pdf</c>)
/// in-process through the same entry point the afl-fuzz harness runs (<c>fuzz/Trust.Fuzz/Targets/PdfTarget.cs</c>,
/// linked): <see cref="PdfSealVerifier"/> never throws for hostile bytes.
/// </summary>
public sealed class PdfFuzzRegressionTests
{
    /// <summary>Known classes that other branches are fixing; their inputs are in <c>known-&lt;class&gt;/</c> and replayed by skipped tests.</summary>
    private static readonly string[] KnownClasses = [];

    private static readonly PdfTarget Target = new([]);

    public static TheoryData<string> Inputs() => new(FuzzCorpus.Inputs(PdfTarget.Name));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Replayed_input_lets_no_exception_escape(string input)
    {
        var bytes = FuzzCorpus.Read(input);
        var escaped = Record.Exception(() => Target.Run(bytes));
        Assert.Null(escaped);
    }

    [Fact]
    public void Every_regression_subfolder_is_a_declared_known_class()
    {
        Assert.Equal(KnownClasses.Select(c => "known-" + c).Order(StringComparer.Ordinal), FuzzCorpus.Subfolders(PdfTarget.Name));
    }
}
