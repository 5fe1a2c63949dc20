using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Tests.Licences;
using Trust.Fuzz;

namespace Trust.Core.Tests.Fuzz;

/// <summary>
/// Replays the committed fuzz inputs of the Trust.Core targets (licence = CBOR/COSE, ses = GB/T 38540 ASN.1,
/// qr = Base45/zlib) in-process through the same entry point the afl-fuzz harness runs
/// (<c>fuzz/Trust.Fuzz/Targets/CoreTargets.cs</c>, linked): no exception may escape (the target itself
/// catches the documented <see cref="TrustFormatException"/>).
/// </summary>
public sealed class FuzzRegressionTests
{
    /// <summary>Known classes that other branches are fixing; their inputs are in <c>known-&lt;class&gt;/</c> and replayed by skipped tests.</summary>
    private static readonly Dictionary<string, string[]> KnownClasses = new(StringComparer.Ordinal)
    {
        [CoreTargets.Licence] = [],
        [CoreTargets.Ses] = [],
        [CoreTargets.Qr] = [QrZlibPresetDictionary],
    };

    /// <summary>
    /// zlib streams with the FDICT flag (a preset dictionary): .NET's inflater throws ZLibException (an IOException,
    /// not InvalidDataException), which escapes QrText.Decode and so SignedLicence/SignedGrant.BytesFromQrText,
    /// e.g. for the 13-character text <c>TL1:9DF000000</c>. Found by afl-fuzz (qr target); fixed on another branch.
    /// </summary>
    private const string QrZlibPresetDictionary = "qr-zlib-preset-dictionary";

    private static readonly CoreTargets Targets = new([]);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in CoreTargets.Names)
        {
            foreach (var input in FuzzCorpus.Inputs(target))
            {
                data.Add(target, input);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Replayed_input_lets_no_exception_escape(string target, string input)
    {
        var bytes = FuzzCorpus.Read(input);
        var escaped = Record.Exception(() => Targets.Run(target, bytes));
        Assert.Null(escaped);
    }

    [Fact]
    public void Known_qr_zlib_preset_dictionary_inputs_let_no_exception_escape()
    {
        var inputs = FuzzCorpus.Known(CoreTargets.Qr, QrZlibPresetDictionary);
        Assert.NotEmpty(inputs);
        foreach (var input in inputs)
        {
            var bytes = FuzzCorpus.Read(input);
            var escaped = Record.Exception(() => Targets.Run(CoreTargets.Qr, bytes));
            Assert.True(escaped is null, input + ": " + escaped);
        }
    }

    [Fact]
    public void Every_target_has_committed_inputs()
    {
        foreach (var target in CoreTargets.Names)
        {
            Assert.NotEmpty(FuzzCorpus.Inputs(target));
        }
    }

    [Fact]
    public void Every_regression_subfolder_is_a_declared_known_class()
    {
        foreach (var target in CoreTargets.Names)
        {
            var declared = KnownClasses[target].Select(c => "known-" + c);
            Assert.Equal(declared.Order(StringComparer.Ordinal), FuzzCorpus.Subfolders(target));
        }
    }

    [Fact]
    public void Unknown_target_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Targets.Run("nope", [1]));
    }

    [Fact]
    public void Raw_zlib_mode_reaches_the_inflater()
    {
        // 'z' + a zlib stream of a few bytes: Base45-encoded by the target behind TL1:, it must decode without
        // escaping; and the harness's Base45 is the RFC 9285 one (example from the RFC: "AB" -> "BB8").
        Assert.Equal("BB8", CoreTargets.Base45("AB"u8));
        Assert.Equal("%69 VD92EX0", CoreTargets.Base45("Hello!!"u8));
        using var buffer = new MemoryStream();
        buffer.WriteByte(CoreTargets.QrZlibMode);
        using (var z = new System.IO.Compression.ZLibStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write("not a licence"u8);
        }

        Targets.Run(CoreTargets.Qr, buffer.ToArray());
    }

    [Fact]
    public async Task Payload_mode_signs_the_payload_so_an_unchanged_one_passes_the_content_check()
    {
        // The 'p' mode exists to reach the schema checks with mutated payloads: an unmutated payload must pass.
        var issued = await new LicenceFixture(KeyAlgorithm.EcP256).IssueAsync("BL");
        byte[] input = [CoreTargets.LicencePayloadMode, .. CoreTargets.PayloadOf(issued.Encoded)];
        var check = Targets.CheckLicence(input);
        Assert.Equal(LicenceVerdict.Valid, check.Verdict);
        Assert.Empty(check.Reasons);

        // The type code (key 2, text "BL") changed to "BX": still signed (the target signs), refused by the schema.
        var at = input.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x02, 0x62, (byte)'B', (byte)'L']);
        Assert.True(at > 0);
        input[at + 3] = (byte)'X';
        var mutated = Targets.CheckLicence(input);
        Assert.Equal(LicenceVerdict.Invalid, mutated.Verdict);
        Assert.Contains("schema.unknown_type:BX", mutated.Reasons);
    }

    [Property(MaxTest = 300)]
    public void Random_bytes_let_no_exception_escape_the_licence_and_ses_targets(byte[] bytes)
    {
        Targets.Run(CoreTargets.Licence, bytes);
        Targets.Run(CoreTargets.Ses, bytes);
    }

    [Property(MaxTest = 300)]
    public void Random_qr_text_lets_no_exception_escape(NonNull<string> text)
    {
        var escaped = Record.Exception(() => Targets.Run(CoreTargets.Qr, System.Text.Encoding.Latin1.GetBytes("TL1:" + text.Get)));

        // A random text that happens to decode to a zlib header with FDICT hits the open known class
        // (QrZlibPresetDictionary); tolerated here only until that fix is merged, every other exception fails.
        Assert.True(escaped is null || escaped.GetType().Name == "ZLibException", escaped?.ToString());
    }
}
