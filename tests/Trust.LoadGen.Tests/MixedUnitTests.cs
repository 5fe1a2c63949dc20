using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.LoadGen.Mixed;

namespace Trust.LoadGen.Tests;

/// <summary>The parts of the mixed scenarios that need no server: Zipf sampler, field generator, pool plan and file, verdict accounting.</summary>
public sealed class MixedUnitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-loadgen-mixed-").FullName;

    /// <summary>The 43 city departments of the development PKI and a few district ones (codes as in its manifest).</summary>
    internal static readonly string[] CityDepartments =
    [
        "SAMR", "PSB", "CAB", "HC", "EDU", "HRSS", "NRP", "HURD", "TRANS", "EEB", "TAX", "JUS", "FIN", "DRC", "IIT", "COM", "CRTT", "ARA", "WAB",
        "EMB", "VAB", "HSA", "UMB", "STAT", "AUD", "SPORT", "SCI", "FOR", "CAD", "HPF", "AAB", "GSA", "FIRE", "RER", "NOT", "ARC", "ERA", "MET",
        "TOB", "EEA", "TPD", "DPF", "POST",
    ];

    private static List<PkiDepartment> Departments(IEnumerable<string> codes) =>
        [.. codes.Select((c, i) => new PkiDepartment(c, c, c, i % 2 == 0 ? "SM2" : "RSA", "", "", "", "", "", i % 2 == 0 ? "SM2" : "RSA"))];

    [Property(MaxTest = 200)]
    public bool Zipf_probabilities_sum_to_one_and_fall_with_the_rank(PositiveInt size, NonNegativeInt exponentTenths)
    {
        var n = 1 + (size.Get % 5_000);
        var s = exponentTenths.Get % 31 / 10.0;
        var zipf = new ZipfSampler(n, s);
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            sum += zipf.Probability(k);
            if (k > 0 && zipf.Probability(k) > zipf.Probability(k - 1) + 1e-12)
            {
                return false;
            }
        }

        // P(1) / P(k+1) = (k+1)^s
        var ratioHolds = n < 2 || Math.Abs((zipf.Probability(0) / zipf.Probability(n - 1)) - Math.Pow(n, s)) <= 1e-6 * Math.Pow(n, s);
        return Math.Abs(sum - 1) < 1e-9 && ratioHolds;
    }

    [Property(MaxTest = 200)]
    public bool Zipf_draws_are_ranks_and_repeat_with_the_same_seed(PositiveInt size, NonNegativeInt exponentTenths, int seed)
    {
        var zipf = new ZipfSampler(1 + (size.Get % 10_000), exponentTenths.Get % 31 / 10.0);
        var a = new Random(seed);
        var b = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var x = zipf.Sample(a);
            if (x < 0 || x >= zipf.Count || x != zipf.Sample(b))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public bool Zipf_inverse_cdf_maps_every_u_to_the_rank_whose_interval_holds_it(NormalFloat u01, PositiveInt size)
    {
        var zipf = new ZipfSampler(1 + (size.Get % 1_000), 1.0);
        var u = Math.Abs(u01.Get) % 1.0;
        var rank = zipf.RankOf(u);
        var low = 0.0;
        for (var k = 0; k < rank; k++)
        {
            low += zipf.Probability(k);
        }

        return low <= u + 1e-12 && u < low + zipf.Probability(rank) + 1e-12;
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(1.2)]
    public void Zipf_sample_frequencies_follow_the_distribution(double s)
    {
        const int n = 1_000;
        const int draws = 400_000;
        var zipf = new ZipfSampler(n, s);
        var counts = new int[n];
        var random = new Random(42);
        for (var i = 0; i < draws; i++)
        {
            counts[zipf.Sample(random)]++;
        }

        // The head ranks: within 5 standard deviations of the expected count (fixed seed: deterministic).
        for (var k = 0; k < 10; k++)
        {
            var expected = draws * zipf.Probability(k);
            Assert.InRange(counts[k], expected - (5 * Math.Sqrt(expected)), expected + (5 * Math.Sqrt(expected)));
        }

        // A steeper exponent concentrates more of the draws on the first ranks.
        Assert.True(zipf.Probability(0) > new ZipfSampler(n, s - 0.2).Probability(0));
    }

    [Theory]
    [InlineData(0, -0.1)]
    [InlineData(0, double.NaN)]
    [InlineData(0, 11)]
    [InlineData(-1, 1)]
    public void Zipf_refuses_bad_parameters(int extra, double s) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(extra == 0 ? 10 : 0, s));

    [Fact]
    public void Generated_fields_are_schema_valid_for_all_149_types()
    {
        Assert.Equal(149, LicenceCatalog.Default.Types.Count);
        var random = new Random(7);
        foreach (var type in LicenceCatalog.Default.Types)
        {
            var holders = new HashSet<string>(StringComparer.Ordinal);
            for (var serial = 0; serial < 40; serial++)
            {
                var generated = LicenceFieldGenerator.Generate(type, (serial * 104_729L) + type.Code.Length, random);

                // The library's own validator, as the server runs it on Issue.
                Assert.Empty(type.Validate(generated.HolderId, generated.Fields));
                Assert.Null(HolderId.Validate(generated.HolderId, type.HolderKind));
                Assert.Equal(generated.HolderId, generated.Fields[LicenceType.HolderIdField]);
                Assert.Equal(generated.HolderName, generated.Fields[LicenceType.HolderNameField]);
                holders.Add(generated.HolderId);
            }

            Assert.True(holders.Count > 30, $"{type.Code}: holders should differ from licence to licence");
        }
    }

    [Property(MaxTest = 500)]
    public bool Generated_holder_identifiers_are_valid(long n) =>
        ResidentIdNumber.IsValid(HolderIds.Resident(n)) && UnifiedSocialCreditCode.IsValid(HolderIds.Organisation(n));

    [Fact]
    public void Generated_holder_identifiers_differ()
    {
        Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(i => HolderIds.Resident(i)).Distinct().Count());
        Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(i => HolderIds.Organisation(i)).Distinct().Count());
    }

    [Fact]
    public void Plan_covers_every_type_and_every_issuing_department_of_the_city_pki()
    {
        var codes = CityDepartments.Concat(["PSB-01", "SAMR-01", "TAX-01", "HRSS-01", "NRP-01", "CAB-01", "PSB-02"]).ToList();
        var issuing = MixedPool.IssuingDepartments(Departments(codes), LicenceCatalog.Default);
        var pairs = MixedPool.PairCount(issuing, LicenceCatalog.Default);
        var plan = MixedPool.Plan(issuing, LicenceCatalog.Default, pairs, 0.05, 0.05, 3);

        Assert.Equal(149, plan.Select(p => p.Type.Code).Distinct().Count());
        Assert.Equal(issuing.Count, plan.Select(p => p.Department).Distinct().Count());
        Assert.Contains(plan, p => p.Department == "PSB-02");
        Assert.Contains(plan, p => p.Department == "AAB");

        // Each licence by a department of its type's kind.
        Assert.All(plan, p => Assert.Contains(p.Type.DepartmentKind, issuing.Single(d => d.Code == p.Department).Kinds));

        // Departments without a licence kind issue nothing.
        Assert.DoesNotContain(issuing, d => d.Code == "STAT");

        // The shares: about 5 % each, deterministic for the seed.
        Assert.InRange(plan.Count(p => p.Expected == ExpectedVerdict.Revoked), pairs * 0.02, pairs * 0.09);
        Assert.InRange(plan.Count(p => p.Expected == ExpectedVerdict.Expired), pairs * 0.02, pairs * 0.09);
        Assert.Equal(plan.Select(p => (p.Type.Code, p.Department, p.Expected)), MixedPool.Plan(issuing, LicenceCatalog.Default, pairs, 0.05, 0.05, 3).Select(p => (p.Type.Code, p.Department, p.Expected)));
    }

    [Fact]
    public void Pool_file_reads_back_and_refuses_hostile_input_with_a_byte_offset()
    {
        var path = Path.Combine(_dir, "mixed.bin");
        MixedLicence[] pool =
        [
            new(ByteString.CopyFromUtf8("one"), ExpectedVerdict.Valid, "BL", "SAMR", "SM2"),
            new(ByteString.CopyFrom(new byte[70_000]), ExpectedVerdict.Revoked, "RIC", "PSB-01", "RSA"),
            new(ByteString.CopyFromUtf8("3"), ExpectedVerdict.Expired, "MC", "CAB", "SM2"),
        ];
        MixedPool.Save(path, pool);
        Assert.Equal(pool, MixedPool.Load(path));

        var bytes = File.ReadAllBytes(path);
        for (var cut = 0; cut < bytes.Length; cut += cut < 200 ? 1 : 997)
        {
            var truncated = bytes[..cut];
            try
            {
                var read = MixedPool.Parse(truncated, "t");
                Assert.True(read.Count < pool.Length, "a truncated file must not read as the whole pool");
            }
            catch (UsageException ex)
            {
                Assert.StartsWith("t: ", ex.Message, StringComparison.Ordinal);
            }
        }

        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
        {
            var noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            if (i % 2 == 0 && noise.Length > 7)
            {
                "TLMIX1\n"u8.CopyTo(noise);
            }

            try
            {
                MixedPool.Parse(noise, "r");
            }
            catch (UsageException)
            {
                // refused with a message: fine
            }
        }

        var oversized = bytes.ToArray();
        oversized[7 + 1 + 3 + 5 + 4] = 0x7f; // the first licence's length: 2 GB
        Assert.Contains("bad licence length", Assert.Throws<UsageException>(() => MixedPool.Parse(oversized, "o")).Message, StringComparison.Ordinal);
        Assert.Contains("expected verdict 9 at byte 7", Assert.Throws<UsageException>(() => MixedPool.Parse([.. "TLMIX1\n"u8, 9], "v")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_accounting_counts_every_answer_that_is_not_the_licences_expected_verdict()
    {
        MixedLicence L(ExpectedVerdict e) => new(ByteString.CopyFromUtf8("x"), e, "BL", "SAMR", "SM2");
        MixedLicence[] sent = [L(ExpectedVerdict.Valid), L(ExpectedVerdict.Revoked), L(ExpectedVerdict.Expired), L(ExpectedVerdict.Valid)];

        var right = MixedVerifyScenario.Judge(sent, [(0, "valid"), (1, "revoked"), (2, "expired"), (3, "valid")]);
        Assert.Equal(0, right.Unexpected);
        Assert.Equal(4, right.Items);
        Assert.Equal(2, right.Outcomes!["valid"]);
        Assert.Equal(1, right.Outcomes["revoked"]);
        Assert.Equal(1, right.Outcomes["expired"]);

        // A revoked licence reported valid, an expired one reported revoked, an item error.
        var wrong = MixedVerifyScenario.Judge(sent, [(0, "valid"), (1, "valid"), (2, "revoked"), (3, "item_error")]);
        Assert.Equal(3, wrong.Unexpected);
        Assert.Equal(1, wrong.Outcomes!["item_error"]);

        // Missing items and an index answered twice.
        var missing = MixedVerifyScenario.Judge(sent, [(0, "valid"), (0, "valid")]);
        Assert.Equal(4, missing.Unexpected);
        Assert.Equal(3, missing.Outcomes!["missing"]);
    }

    [Fact]
    public void Counter_differences_give_the_signature_cache_hit_rate()
    {
        var before = new Dictionary<string, long> { ["trust.cache.hits{trust.cache=signature,trust.cache.level=l1}"] = 10, ["trust.cache.misses{trust.cache=signature,trust.cache.level=l1}"] = 5 };
        var after = new Dictionary<string, long>
        {
            ["trust.cache.hits{trust.cache=signature,trust.cache.level=l1}"] = 85,
            ["trust.cache.misses{trust.cache=signature,trust.cache.level=l1}"] = 30,
            ["trust.cache.hits{trust.cache=status,trust.cache.level=l1}"] = 1_000,
            ["trust.licence.verifications{trust.verdict=valid}"] = 7,
        };
        var changes = ServerCounters.Difference(before, after);
        Assert.Equal(75, changes["trust.cache.hits{trust.cache=signature,trust.cache.level=l1}"]);
        Assert.Equal((75L, 25L, (double?)0.75), ServerCounters.SignatureCache(changes));
        Assert.Equal((0L, 0L, (double?)null), ServerCounters.SignatureCache(new Dictionary<string, long>()));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
