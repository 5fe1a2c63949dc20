using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals;

namespace Trust.Core.Tests.Results;

/// <summary>The reason catalogue: docs/reasons.md, every code in src/ catalogued, one spelling, texts, lookups.</summary>
public sealed partial class ReasonCatalogTests
{
    /// <summary>
    /// The areas of reason codes. A string literal in src/ that starts with one of them followed by a dot is a reason
    /// code unless it is one of <see cref="NotReasons"/> (field names of format errors, audit actions, metric names).
    /// </summary>
    private static readonly string[] Areas =
    [
        "algorithm", "audit", "byterange", "cbor", "certificate", "chain", "change_analysis", "check", "cms", "contents",
        "cose", "data", "digest", "docmdp", "format", "grant", "input", "licence_file", "limit", "maker", "ofd", "payload", "pdf", "qr", "request",
        "schema", "seal", "sealing", "signature", "signer", "status", "statuslist", "validity", "verifier",
    ];

    /// <summary>Literals under a reason area that are not reasons: where each is used is in the comment.</summary>
    private static readonly HashSet<string> NotReasons = new(StringComparer.Ordinal)
    {
        // Field names of TrustFormatException (reported as input.malformed:<field> or statuslist.malformed:<field>).
        "cose.alg", "cose.content_type", "cose.kid", "cose.payload", "cose.protected", "cose.signature", "cose.unprotected", "cose.x5chain",
        "payload.clerk", "payload.department", "payload.expires", "payload.fields", "payload.holder_id", "payload.holder_name", "payload.id",
        "payload.issued_at", "payload.licence_ids", "payload.nonce", "payload.not_before", "payload.purpose", "payload.service_item",
        "payload.single_use", "payload.status", "payload.status.index", "payload.status.list", "payload.type", "payload.type_version",
        "payload.valid_from", "payload.valid_until", "statuslist.bits", "statuslist.id", "statuslist.issued_at", "statuslist.issuer",
        "statuslist.key", "statuslist.lst", "statuslist.size", "statuslist.ttl", "status.index", "status.list", "seal.picture",
        "seal.id", "seal.reason", "grant.id", "audit.sequence", "audit.action", "audit.actor", "audit.details", "audit.subject",
        "grantee.clerk", "grantee.department", "crl.signature", "ofd.package", "ofd.signatures",

        // Audit actions and permission names.
        "grant.check", "grant.issue", "grant.revoke", "licence.issue", "licence.revoke", "licence.suspend", "licence.resume",
        "seal.use", "seal.platform_use", "seal.revoke",

        // PDF /SubFilter value and a PEM file name.
        "adbe.pkcs7.detached", "chain.pem",

        // Prefixes of SealReasons.Chain (its codes are checked by Seal_chain_reasons_built_from_a_status_are_catalogued).
        "maker.chain_", "signer.chain_",
    };

    [Fact]
    public void Docs_reasons_md_is_generated_from_the_catalogue()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "reasons.md");
        var expected = ReasonCatalog.ToMarkdown();
        if (Environment.GetEnvironmentVariable("TRUST_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(
            actual == expected,
            "docs/reasons.md differs from ReasonCatalog. Regenerate it with: TRUST_UPDATE_DOCS=1 dotnet test tests/Trust.Core.Tests --filter ReasonCatalog");
    }

    [Fact]
    public void Every_reason_code_literal_in_src_is_catalogued()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var literal = new Regex("\"(?<code>(?:" + string.Join("|", Areas.Select(Regex.Escape)) + @")\.[a-z0-9_.\-]*[a-z0-9_])(?::[^""]*)?""", RegexOptions.CultureInvariant);
        var missing = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match m in literal.Matches(lines[i]))
                {
                    var code = m.Groups["code"].Value;
                    scanned++;
                    if (!NotReasons.Contains(code) && ReasonCatalog.Find(code) is null)
                    {
                        missing.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: {code}");
                    }
                }
            }
        }

        Assert.True(scanned > 100, $"only {scanned} literals scanned: is the regex or the source path wrong?");
        Assert.True(missing.Count == 0, "Reason codes without a catalogue entry (add them to ReasonCatalog, or to NotReasons when not a reason):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Codes_are_unique_snake_case_with_both_texts()
    {
        var shape = SnakeCode();
        var han = new Regex(@"\p{IsCJKUnifiedIdeographs}", RegexOptions.CultureInvariant);
        Assert.Equal(ReasonCatalog.All.Count, ReasonCatalog.All.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count());
        foreach (var r in ReasonCatalog.All)
        {
            Assert.True(shape.IsMatch(r.Code), r.Code);
            Assert.DoesNotContain("-", r.Code, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(r.English), r.Code);
            Assert.True(han.IsMatch(r.Chinese), $"{r.Code}: Chinese text '{r.Chinese}' has no Chinese characters");
            Assert.NotEqual(Indication.Passed, r.Indication);
            Assert.NotEqual(SubIndication.None, r.SubIndication);
            Assert.Same(r, ReasonCatalog.Find(r.Code));
        }
    }

    [Fact]
    public void Catalogue_is_ordered_by_code()
    {
        var codes = ReasonCatalog.All.Select(r => r.Code).ToList();
        Assert.Equal(codes.OrderBy(c => c, StringComparer.Ordinal), codes);
    }

    [Theory]
    [InlineData("schema.missing_field:registered_capital", "schema.missing_field")]
    [InlineData("chain.expired:CN=Test CA", "chain.expired")]
    [InlineData("status.indeterminate:status.list_missing", "status.indeterminate")]
    [InlineData("statuslist.signer.role_missing:status_list_signer", "statuslist.signer.role_missing")]
    [InlineData("certificate.chain.revoked:0A1B", "certificate.chain.revoked")]
    [InlineData("input.malformed:", "input.malformed")]
    [InlineData("signature.invalid", "signature.invalid")]
    public void Find_matches_the_part_before_the_colon(string reported, string code) =>
        Assert.Equal(code, ReasonCatalog.Find(reported)?.Code);

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("schema")]
    [InlineData("schema.missing")]
    [InlineData("schema.missing_field_x")]
    [InlineData("SIGNATURE.INVALID")]
    [InlineData("byterange.not-from-start")]
    [InlineData(" signature.invalid")]
    [InlineData("x:signature.invalid")]
    public void Find_does_not_guess(string code) => Assert.Null(ReasonCatalog.Find(code));

    [Fact]
    public void Describe_gives_the_text_and_the_detail_in_both_languages()
    {
        Assert.Equal("签名验证失败", ReasonCatalog.Describe("signature.invalid", ReasonLanguage.Chinese));
        Assert.Equal("The signature does not verify.", ReasonCatalog.Describe("signature.invalid", ReasonLanguage.English));
        Assert.Equal("签名证书不能链接到受信任的根证书", ReasonCatalog.Describe("chain.untrusted", ReasonLanguage.Chinese));
        Assert.Equal("缺少必填项（详情注明字段）（registered_capital）", ReasonCatalog.Describe("schema.missing_field:registered_capital", ReasonLanguage.Chinese));
        Assert.EndsWith("(registered_capital)", ReasonCatalog.Describe("schema.missing_field:registered_capital", ReasonLanguage.English), StringComparison.Ordinal);
        Assert.Equal("未知原因（no.such_code:x）", ReasonCatalog.Describe("no.such_code:x", ReasonLanguage.Chinese));
        Assert.Equal("Unknown reason (no.such_code)", ReasonCatalog.Describe("no.such_code", ReasonLanguage.English));
    }

    [Theory]
    [InlineData(ChainStatus.Untrusted)]
    [InlineData(ChainStatus.Expired)]
    [InlineData(ChainStatus.NotYetValid)]
    [InlineData(ChainStatus.Revoked)]
    [InlineData(ChainStatus.Invalid)]
    public void Seal_chain_reasons_built_from_a_status_are_catalogued(ChainStatus status)
    {
        Assert.NotNull(ReasonCatalog.Find(SealReasons.Chain(SealReasons.SignerChainPrefix, status)));
        Assert.NotNull(ReasonCatalog.Find(SealReasons.Chain(SealReasons.MakerChainPrefix, status)));
    }

    [Fact]
    public void Entitlement_reasons_built_from_a_prefix_are_catalogued()
    {
        foreach (var role in Enum.GetValues<SignerRole>())
        {
            Assert.NotNull(ReasonCatalog.Find(SignerReasons.RoleMissing("signer", role)));
            Assert.NotNull(ReasonCatalog.Find(SignerReasons.RoleMissing("maker", role)));
            Assert.NotNull(ReasonCatalog.Find("statuslist." + SignerReasons.RoleMissing("signer", role)));
        }

        foreach (var prefix in new[] { "signer", "maker", "statuslist.signer" })
        {
            Assert.NotNull(ReasonCatalog.Find(prefix + SignerReasons.DepartmentMissingSuffix));
            Assert.NotNull(ReasonCatalog.Find(prefix + SignerReasons.DepartmentMismatchSuffix));
        }

        Assert.NotNull(ReasonCatalog.Find(SignerReasons.LicenceKindNotEntitled + ":PSB"));
    }

    [Fact]
    public void Every_certificate_validator_reason_has_a_pdf_certificate_entry()
    {
        // The PDF verifier reports the validator's reasons as "certificate." + reason.
        var validatorCodes = ReasonCatalog.All.Select(r => r.Code)
            .Where(c => c.StartsWith("chain.", StringComparison.Ordinal) && c is not ("chain.missing" or "chain.bad_leaf" or "chain.invalid" or "chain.not_checked"))
            .ToList();
        Assert.Contains("chain.revocation_unknown", validatorCodes);
        foreach (var code in validatorCodes)
        {
            Assert.NotNull(ReasonCatalog.Find("certificate." + code));
        }
    }

    [Fact]
    public void Pdf_certificate_chain_reasons_follow_the_pdf_verdicts()
    {
        // At signing time an unknown root leaves a seal undecided; an expired, revoked or broken chain fails it.
        Assert.Equal(Indication.Indeterminate, ReasonCatalog.Find("certificate.chain.untrusted")!.Indication);
        Assert.Equal((Indication.Failed, SubIndication.Revoked), Pair("certificate.chain.revoked:01"));
        Assert.Equal((Indication.Failed, SubIndication.Expired), Pair("certificate.chain.expired:CN=x"));
        Assert.Equal(Indication.Failed, ReasonCatalog.Find("certificate.chain.bad_signature")!.Indication);
    }

    [Fact]
    public void Example_pairings_follow_etsi()
    {
        Assert.Equal((Indication.Failed, SubIndication.SigCryptoFailure), Pair("signature.invalid"));
        Assert.Equal((Indication.Failed, SubIndication.HashFailure), Pair("data.hash_mismatch"));
        Assert.Equal((Indication.Failed, SubIndication.HashFailure), Pair("digest.mismatch"));
        Assert.Equal((Indication.Failed, SubIndication.FormatFailure), Pair("input.malformed:cose.alg"));
        Assert.Equal((Indication.Failed, SubIndication.Revoked), Pair("status.revoked"));
        Assert.Equal((Indication.Indeterminate, SubIndication.NoCertificateChainFound), Pair("chain.untrusted"));
        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), Pair("status.indeterminate:source_failed"));
        Assert.Equal((Indication.Failed, SubIndication.SigConstraintsFailure), Pair("signer.role_missing:licence_issuer"));
        Assert.Equal("FORMAT_FAILURE", SubIndication.FormatFailure.ToText());
        Assert.Equal("TOTAL-FAILED", Indication.Failed.ToText());
        Assert.Equal("INDETERMINATE", Indication.Indeterminate.ToText());
        Assert.Equal("TOTAL-PASSED", Indication.Passed.ToText());
    }

    [Fact]
    public void Every_sub_indication_has_a_distinct_upper_case_text()
    {
        var texts = Enum.GetValues<SubIndication>().Where(s => s != SubIndication.None).Select(s => s.ToText()).ToList();
        Assert.All(texts, t => Assert.Matches("^[A-Z_]+$", t));
        Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("", SubIndication.None.ToText());
    }

    private static (Indication, SubIndication) Pair(string code) =>
        ReasonCatalog.Find(code) is { } r ? (r.Indication, r.SubIndication) : throw new InvalidOperationException(code + " not catalogued");

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Trust.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Trust.sln not found above the test directory.");
    }

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex SnakeCode();
}
