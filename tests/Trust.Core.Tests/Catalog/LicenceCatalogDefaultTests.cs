using Trust.Core.Licences;

namespace Trust.Core.Tests.Catalog;

public sealed class LicenceCatalogDefaultTests
{
    private static readonly LicenceCatalog Catalog = LicenceCatalog.Default;

    [Fact]
    public void Default_catalog_has_at_least_100_licence_types_for_persons_and_organisations()
    {
        Assert.True(Catalog.Types.Count >= 100, $"only {Catalog.Types.Count} types");
        Assert.True(Catalog.Types.Count(t => t.HolderKind == HolderKind.Person) >= 40);
        Assert.True(Catalog.Types.Count(t => t.HolderKind == HolderKind.Organisation) >= 40);
        Assert.Equal(Catalog.Types.Count, Catalog.Types.Select(t => t.Code).Distinct().Count());
    }

    [Fact]
    public void Every_type_version_accepts_its_own_examples()
    {
        foreach (var type in Catalog.AllVersions)
        {
            var errors = type.Validate(type.ExampleHolderId, type.ExampleFields());
            Assert.True(errors.Count == 0, $"{type}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void Every_type_has_what_the_cli_types_listing_needs()
    {
        foreach (var type in Catalog.Types)
        {
            Assert.Matches("^[A-Z][A-Z0-9]{1,5}$", type.Code);
            Assert.False(string.IsNullOrWhiteSpace(type.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(type.NameEn));
            Assert.NotNull(Catalog.FindDepartment(type.DepartmentKind));
            Assert.Equal(FieldType.Text, type.FindField(LicenceType.HolderNameField)!.Type);
            Assert.Equal(type.HolderKind, type.FindField(LicenceType.HolderIdField)!.IdentifierKind);
            foreach (var field in type.Fields)
            {
                Assert.Matches("^[a-z][a-z0-9_]*$", field.Code);
                Assert.False(string.IsNullOrWhiteSpace(field.LabelZh));
                Assert.False(string.IsNullOrWhiteSpace(field.LabelEn));
                Assert.Equal(field.Type == FieldType.Enum, field.Values.Count > 0);
            }
        }
    }

    [Fact]
    public void Lookup_by_code_returns_the_latest_version_and_by_version_the_one_asked_for()
    {
        var latest = Catalog.Get("BL");
        var first = Catalog.Get("BL", 1);

        Assert.Equal(2, latest.Version);
        Assert.Same(latest, Catalog.Find("BL", 2));
        Assert.Equal(1, first.Version);
        Assert.NotNull(first.FindField("registration_no"));
        Assert.Null(latest.FindField("registration_no"));
        Assert.Contains(first, Catalog.AllVersions);
        Assert.DoesNotContain(first, Catalog.Types);
    }

    [Fact]
    public void Unknown_codes_and_versions_are_not_found()
    {
        Assert.Null(Catalog.Find("NOPE"));
        Assert.Null(Catalog.Find(null));
        Assert.Null(Catalog.Find("BL", 3));
        Assert.False(Catalog.TryGet("bl", out _));
        Assert.Equal("type", Assert.Throws<TrustFormatException>(() => Catalog.Get("NOPE")).Field);
        Assert.Contains("version 3", Assert.Throws<TrustFormatException>(() => Catalog.Get("BL", 3)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RIC", "居民身份证", HolderKind.Person, "PSB")]
    [InlineData("MC", "结婚证", HolderKind.Person, "MCA")]
    [InlineData("BMC", "出生医学证明", HolderKind.Person, "NHC")]
    [InlineData("DL", "机动车驾驶证", HolderKind.Person, "PSB")]
    [InlineData("REP", "不动产权证书", HolderKind.Person, "MNR")]
    [InlineData("BL", "营业执照", HolderKind.Organisation, "SAMR")]
    [InlineData("FBP", "食品经营许可证", HolderKind.Organisation, "SAMR")]
    [InlineData("RTL", "道路运输经营许可证", HolderKind.Organisation, "MOT")]
    public void Well_known_licences_are_in_the_catalog(string code, string nameZh, HolderKind holder, string department)
    {
        var type = Catalog.Get(code);

        Assert.Equal(nameZh, type.NameZh);
        Assert.Equal(holder, type.HolderKind);
        Assert.Equal(department, type.DepartmentKind);
    }

    [Fact]
    public void Default_validity_is_a_period_or_none()
    {
        Assert.Equal(new ValidityPeriod(60), Catalog.Get("FBP").DefaultValidity);
        Assert.Null(Catalog.Get("MC").DefaultValidity);
        Assert.Equal(new DateOnly(2029, 3, 1), Catalog.Get("FBP").DefaultValidity!.Value.AddTo(new DateOnly(2024, 3, 1)));
    }

    [Fact]
    public void Every_example_of_the_embedded_catalog_matches_its_pattern_under_the_linear_time_engine()
    {
        // The embedded catalog's examples are not checked at start-up (a timed check failed servers under load): here instead.
        var checkedPatterns = 0;
        foreach (var type in Catalog.AllVersions)
        {
            foreach (var field in type.Fields)
            {
                if (field.Pattern is null)
                {
                    continue;
                }

                Assert.NotNull(field.CompiledPattern);
                Assert.True((field.CompiledPattern.Options & System.Text.RegularExpressions.RegexOptions.NonBacktracking) != 0, $"{type}.{field.Code}");
                Assert.Equal(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, field.CompiledPattern.MatchTimeout);
                Assert.True(field.CompiledPattern.IsMatch(field.Example), $"{type}.{field.Code}: example '{field.Example}' does not match {field.Pattern}");
                checkedPatterns++;
            }
        }

        Assert.True(checkedPatterns > 0);
    }

    [Fact]
    public void Reading_the_embedded_catalog_with_example_checks_gives_the_same_catalog()
    {
        // What LoadEmbedded skips at start-up still holds: the full reader accepts the same documents.
        var assembly = typeof(LicenceCatalog).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Trust.Core.Licences.Internal.LicenceCatalogReader.ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var documents = names.Select(n => (System.Text.Json.JsonDocument.Parse(assembly.GetManifestResourceStream(n)!), n)).ToList();
        try
        {
            var checkedCatalog = Trust.Core.Licences.Internal.LicenceCatalogReader.Read(documents, checkExamples: true);
            Assert.Equal(Catalog.AllVersions.Count, checkedCatalog.AllVersions.Count);
        }
        finally
        {
            documents.ForEach(d => d.Item1.Dispose());
        }
    }
}
