using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Grpc.Clerk;
using Trust.Grpc.Hosting;
using Trust.Grpc.Telemetry;
using Trust.Pdf;

namespace Trust.Grpc.Tests.Configuration;

/// <summary>The startup check of the server's settings (unit level; the process-level refusals are in <see cref="InvalidConfigurationTests"/>).</summary>
public sealed class ConfigurationCheckTests
{
    /// <summary>Every numeric and true/false option, with its configuration key and its default.</summary>
    public static IEnumerable<(string Key, PropertyInfo Property, object Defaults)> Options()
    {
        foreach (var option in Walk("Trust", new TrustServerOptions()).Concat(Walk(ClerkPageOptions.Section, new ClerkPageOptions())).Concat(Walk(TelemetryOptions.Section, new TelemetryOptions())))
        {
            yield return option;
        }
    }

    private static IEnumerable<(string, PropertyInfo, object)> Walk(string prefix, object instance)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = property.PropertyType;
            if (instance is PdfVerificationOptions && !property.Name.StartsWith("Max", StringComparison.Ordinal))
            {
                continue; // only the limits of the PDF verifier's options are taken from configuration
            }

            if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(bool) || type == typeof(TimeSpan))
            {
                yield return ($"{prefix}:{property.Name}", property, instance);
            }
            else if (type.IsClass && type != typeof(string) && (type.DeclaringType == typeof(TrustServerOptions) || IsLibraryLimits(type)))
            {
                foreach (var nested in Walk($"{prefix}:{property.Name}", property.GetValue(instance)!))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsLibraryLimits(Type type) =>
        type == typeof(LicenceVerificationLimits) || type == typeof(GrantVerificationLimits) || type == typeof(PdfVerificationOptions);

    [Fact]
    public void Verification_limits_bind_into_the_libraries_options_objects_and_out_of_range_values_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trust:Verification:Licence:MaxInputBytes"] = "2000",
            ["Trust:Verification:Licence:MaxChainCertificates"] = "3",
            ["Trust:Verification:Grant:MaxLifetime"] = "00:30:00",
            ["Trust:Verification:Pdf:MaxRevisions"] = "16",
            ["Trust:Verification:Pdf:MaxDuration"] = "00:02:00",
        }).Build();
        Assert.Empty(ConfigurationCheck.Problems(configuration));
        var options = configuration.GetSection(TrustServerOptions.Section).Get<TrustServerOptions>()!;
        Assert.Equal(2000, options.Verification.Licence.MaxInputBytes);
        Assert.Equal(3, options.Verification.Licence.MaxChainCertificates);
        Assert.Equal(LicenceVerificationLimits.MaxNestingDepthCap, options.Verification.Licence.MaxNestingDepth);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Verification.Grant.MaxLifetime);
        Assert.Equal(16, options.Verification.Pdf.MaxRevisions);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Verification.Pdf.MaxDuration);

        Assert.Equal(
            $"Trust:Verification:Licence:MaxInputBytes: 70000 is not allowed; between 1 and {LicenceVerificationLimits.MaxInputBytesCap}",
            Assert.Single(Check(("Trust:Verification:Licence:MaxInputBytes", "70000"))));
        Assert.Equal(
            "Trust:Verification:Grant:MaxClockSkew: 01:00:00 is not allowed; a duration (hh:mm:ss) between 00:00:00 and 00:10:00",
            Assert.Single(Check(("Trust:Verification:Grant:MaxClockSkew", "01:00:00"))));
        Assert.Single(Check(("Trust:Verification:Pdf:MaxDuration", "soon")));
    }

    private static IReadOnlyList<string> Check(params (string Key, string Value)[] settings) =>
        ConfigurationCheck.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Every_numeric_and_flag_option_has_a_rule_and_its_default_passes()
    {
        var options = Options().ToList();
        Assert.Contains(options, o => o.Key == "Trust:Limits:MaxPdfBytes");
        Assert.Contains(options, o => o.Key == "Trust:Cache:L1MaxEntries");
        foreach (var (key, property, defaults) in options)
        {
            Assert.True(ConfigurationCheck.Rules.Any(r => r.Key == key), key + " has no rule in ConfigurationCheck.Rules");
            var value = Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture)!;
            Assert.Empty(Check((key, value)));
        }
    }

    [Fact]
    public void Seal_platform_settings_are_checked_at_start_naming_the_key()
    {
        var existing = typeof(ConfigurationCheckTests).Assembly.Location;
        const string A = "Trust:SealPlatform:Address";

        Assert.Empty(Check());
        Assert.Empty(Check((A, "https://seals.example:5001"), ("Trust:SealPlatform:Token", "t")));
        Assert.Empty(Check((A, "http://127.0.0.1:5080"), ("Trust:SealPlatform:TokenFile", existing), ("Trust:SealPlatform:TimeoutSeconds", "2.5")));
        Assert.StartsWith(A + ": 'ftp://x' is not allowed", Assert.Single(Check((A, "ftp://x"), ("Trust:SealPlatform:Token", "t"))), StringComparison.Ordinal);
        Assert.StartsWith(A + ": 'not a url?' is not allowed", Assert.Single(Check((A, "not a url\u0001"), ("Trust:SealPlatform:Token", "t"))), StringComparison.Ordinal);
        Assert.StartsWith("Trust:SealPlatform:Token: required", Assert.Single(Check((A, "https://seals.example"))), StringComparison.Ordinal);
        Assert.StartsWith("Trust:SealPlatform:Token: only with " + A, Assert.Single(Check(("Trust:SealPlatform:Token", "t"))), StringComparison.Ordinal);
        Assert.StartsWith("Trust:SealPlatform:TokenFile: give Token or TokenFile", Assert.Single(Check((A, "https://s"), ("Trust:SealPlatform:Token", "t"), ("Trust:SealPlatform:TokenFile", existing))), StringComparison.Ordinal);
        Assert.Contains(Check((A, "http://s"), ("Trust:SealPlatform:ClientCertificate", existing)), p => p.StartsWith("Trust:SealPlatform:ClientCertificate: mutual TLS needs an https://", StringComparison.Ordinal));
        Assert.StartsWith("Trust:SealPlatform:ClientKey: only with", Assert.Single(Check((A, "https://s"), ("Trust:SealPlatform:Token", "t"), ("Trust:SealPlatform:ClientKey", existing))), StringComparison.Ordinal);
        Assert.StartsWith("Trust:SealPlatform:Ca: file '/no/such/ca.pem' does not exist", Assert.Single(Check((A, "https://s"), ("Trust:SealPlatform:Token", "t"), ("Trust:SealPlatform:Ca", "/no/such/ca.pem"))), StringComparison.Ordinal);
        Assert.StartsWith("Trust:SealPlatform:ClientCertificate: ", Assert.Single(Check((A, "https://s"), ("Trust:SealPlatform:ClientCertificate", existing))), StringComparison.Ordinal);
        Assert.StartsWith("Trust:SealPlatform:TimeoutSeconds: ", Assert.Single(Check((A, "https://s"), ("Trust:SealPlatform:Token", "t"), ("Trust:SealPlatform:TimeoutSeconds", "0"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_whole_number_rule_allows_its_bounds_and_refuses_one_beyond_naming_key_and_range()
    {
        foreach (var rule in ConfigurationCheck.Rules.OfType<WholeNumberRule>())
        {
            Assert.Empty(Check((rule.Key, rule.Min.ToString(CultureInfo.InvariantCulture))));
            Assert.Empty(Check((rule.Key, rule.Max.ToString(CultureInfo.InvariantCulture))));
            var below = Assert.Single(Check((rule.Key, (rule.Min - 1).ToString(CultureInfo.InvariantCulture))));
            Assert.Equal($"{rule.Key}: {rule.Min - 1} is not allowed; {rule.Allowed}", below);
            Assert.StartsWith($"{rule.Key}: {rule.Max + 1} is not allowed; between {rule.Min} and {rule.Max}", Assert.Single(Check((rule.Key, (rule.Max + 1).ToString(CultureInfo.InvariantCulture)))));
            Assert.StartsWith($"{rule.Key}: 'abc' is not a whole number; between", Assert.Single(Check((rule.Key, "abc"))));
            Assert.Single(Check((rule.Key, "")));
            Assert.Single(Check((rule.Key, "1.5")));
        }
    }

    [Fact]
    public void Number_flag_and_choice_rules_refuse_what_the_binder_would_not_take()
    {
        Assert.Empty(Check(("Trust:Limits:RateLimitPerSecond", "0.01")));
        Assert.Equal("Trust:Limits:RateLimitPerSecond: 0 is not allowed; between 0.001 and 10000000", Assert.Single(Check(("Trust:Limits:RateLimitPerSecond", "0"))));
        Assert.Single(Check(("Trust:Limits:RateLimitPerSecond", "NaN")));
        Assert.Single(Check(("Trust:Limits:RateLimitPerSecond", "Infinity")));
        Assert.Equal("Trust:Cache:L1: 'yes' is not allowed; true or false", Assert.Single(Check(("Trust:Cache:L1", "yes"))));
        Assert.Empty(Check(("Trust:Cache:L1", "False")));
        Assert.Equal("Trust:Mode: 'Prod' is not allowed; one of Development, Production", Assert.Single(Check(("Trust:Mode", "Prod"))));
        Assert.Empty(Check(("Trust:Mode", "production")));
        Assert.Empty(Check(("Trust:Sm2Engine", "")));
    }

    [Fact]
    public void Every_problem_gets_its_own_line_and_hostile_values_are_shown_short_and_on_one_line()
    {
        var problems = Check(("Trust:Limits:MaxPdfBytes", "-5"), ("Trust:Cache:SignatureTtlMinutes", "0"), ("Trust:MaxBatchSize", "1\n2" + new string('9', 500)));
        Assert.Equal(3, problems.Count);
        Assert.Contains("Trust:Limits:MaxPdfBytes: -5 is not allowed; between 1 and 4294967296", problems);
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
        Assert.All(problems, p => Assert.True(p.Length < 200, p));
    }
}
