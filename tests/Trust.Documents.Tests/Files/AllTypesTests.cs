using System.Collections.Concurrent;
using System.Diagnostics;
using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Core.Tests.Licences;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Xunit.Abstractions;
using SealPki = Trust.Pdf.Tests.Support.TestPki;

namespace Trust.Documents.Tests.Files;

/// <summary>
/// Every catalogued licence type renders into both formats, seals and verifies valid, with the algorithm its issuing
/// department has in the development PKI (departments alternate SM2 and RSA): the licence signed with that algorithm
/// and the file sealed with a seal of that algorithm.
/// </summary>
public class AllTypesTests(ITestOutputHelper output)
{
    private static readonly Lazy<LicenceFixture> RsaLicences = new(() => new LicenceFixture(KeyAlgorithm.Rsa));

    /// <summary>
    /// The algorithm of the development PKI department that issues <paramref name="type"/>: the first department of
    /// <see cref="MunicipalDepartments.All"/> entitled to its kind (the approval bureau for kinds without their own
    /// department); even positions are SM2, odd ones RSA (<c>DevelopmentPkiGenerator.CreateDepartments</c>).
    /// </summary>
    internal static KeyAlgorithm DepartmentAlgorithm(LicenceType type)
    {
        var codes = MunicipalDepartments.All.Select(d => d.Code).ToList();
        var kinds = LicenceCatalog.Default.Types.Select(t => t.DepartmentKind).ToList();
        var index = codes.FindIndex(code => MunicipalDepartments.LicenceKindsOf(code, codes, kinds).Contains(type.DepartmentKind));
        Assert.True(index >= 0, $"{type.Code}: no department issues kind {type.DepartmentKind}");
        return index % 2 == 0 ? KeyAlgorithm.Sm2 : KeyAlgorithm.Rsa;
    }

    [Fact]
    public void The_catalog_has_149_types_issued_by_sm2_and_by_rsa_departments()
    {
        var types = LicenceCatalog.Default.Types;
        Assert.Equal(149, types.Count);
        var byAlgorithm = types.GroupBy(DepartmentAlgorithm).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byAlgorithm.GetValueOrDefault(KeyAlgorithm.Sm2) > 0 && byAlgorithm.GetValueOrDefault(KeyAlgorithm.Rsa) > 0,
            string.Join(", ", byAlgorithm.Select(p => $"{p.Key} {p.Value}")));
    }

    [Fact]
    public async Task Every_type_renders_into_both_formats_seals_and_verifies_valid()
    {
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var types = LicenceCatalog.Default.Types;
        var licences = new List<(LicenceType Type, KeyAlgorithm Algorithm, SignedLicence Licence)>();
        foreach (var type in types)
        {
            var algorithm = DepartmentAlgorithm(type);
            var fixture = algorithm == KeyAlgorithm.Sm2 ? LicenceFiles.Fixture : RsaLicences.Value;
            licences.Add((type, algorithm, await fixture.IssueAsync(type.Code)));
        }

        var issued = watch.Elapsed;
        var cpuIssued = Process.GetCurrentProcess().TotalProcessorTime;

        // One seal per algorithm, reused; every file is rendered, sealed (its own signature) and fully verified.
        var sealOptions = new Dictionary<KeyAlgorithm, LicenceFileSealOptions>
        {
            [KeyAlgorithm.Sm2] = LicenceFiles.SealOptions(SealPki.Sm2),
            [KeyAlgorithm.Rsa] = LicenceFiles.SealOptions(SealPki.Rsa),
        };
        var verifyOptions = new Dictionary<KeyAlgorithm, LicenceFileVerificationOptions>
        {
            [KeyAlgorithm.Sm2] = new() { Licences = LicenceFiles.Fixture.Verifier, CertificateValidator = SealPki.Sm2.Validator },
            [KeyAlgorithm.Rsa] = new() { Licences = RsaLicences.Value.Verifier, CertificateValidator = SealPki.Rsa.Validator },
        };
        var failures = new ConcurrentBag<string>();
        var work = licences.SelectMany(l => new[] { (l, LicenceFileFormat.Pdf), (l, LicenceFileFormat.Ofd) }).ToList();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var ((type, algorithm, licence), format) = item;
            var file = LicenceFileSealer.Seal(LicenceFileRenderer.Render(licence, format), sealOptions[algorithm]);
            var report = LicenceFileVerifier.VerifyAsync(file, verifyOptions[algorithm]).GetAwaiter().GetResult();
            var expected = algorithm == KeyAlgorithm.Sm2 ? "SM2-SM3" : "RSA";
            if (report.Verdict != PdfDocumentVerdict.Valid || !report.Licence.MatchesPage || report.Format != format
                || report.Seals.Count != 1 || report.Seals[0].Algorithm?.StartsWith(expected, StringComparison.Ordinal) != true)
            {
                failures.Add($"{type.Code} {format} {algorithm}: {report.Verdict} {report.Seals.FirstOrDefault()?.Algorithm} " +
                    string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
            }
        });

        output.WriteLine($"{types.Count} types x 2 formats: issued in {issued.TotalSeconds:F1} s, rendered + sealed + verified in {(watch.Elapsed - issued).TotalSeconds:F1} s " +
            $"({(Process.GetCurrentProcess().TotalProcessorTime - cpuIssued).TotalSeconds:F1} s CPU; issuing {(cpuIssued - cpu).TotalSeconds:F1} s CPU) on {Environment.ProcessorCount} cores");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }
}
