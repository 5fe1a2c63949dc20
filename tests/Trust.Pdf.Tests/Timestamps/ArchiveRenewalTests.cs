using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Evidence;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Timestamps;

/// <summary>
/// <see cref="ArchiveRenewal"/> over a folder, with TSA certificates that expire when the test says and clocks that are
/// set, never waited for: files without protection get one evidence record each under ONE time-stamp, renewal is due
/// only in the window before the TSA certificate expires, time-stamp and hash-tree renewals keep every file checkable
/// alone, sealed PDFs get a document time-stamp each, a changed file is reported and never renewed.
/// </summary>
public sealed class ArchiveRenewalTests : IClassFixture<ArchiveRenewalTests.RenewalPki>, IDisposable
{
    private readonly RenewalPki _pki;
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-renew-").FullName;

    public ArchiveRenewalTests(RenewalPki pki) => _pki = pki;

    private static DateTimeOffset Now => RenewalPki.Now;

    [Fact]
    public async Task Fifty_files_without_records_get_one_timestamp_and_each_verifies_alone()
    {
        var files = WriteFiles(50);
        var tsa = _pki.Client(Now, Now.AddYears(2));

        var plan = ArchiveRenewal.Plan(_dir, Options(Now));
        var result = await ArchiveRenewal.ExecuteAsync(plan, tsa, Options(Now));

        Assert.All(plan.Items, i => Assert.Equal((ArchiveRenewalStatus.NeedsRenewal, ArchiveRenewalAction.NewEvidenceRecord), (i.Status, i.Action)));
        Assert.Equal(1, tsa.Requests);
        Assert.Equal(1, result.TimestampsRequested);
        Assert.All(result.Items, i => Assert.Equal(ArchiveRenewalStatus.Renewed, i.Status));
        Assert.Equal(50, Directory.GetFiles(_dir, "*.ers", SearchOption.AllDirectories).Length);
        Assert.Contains(result.Items, i => i.Path == "sub/file-049.zip");
        AssertEachVerifiesAlone(files, Now.AddDays(1), expectedTimestamps: 1);
        Assert.All(ArchiveRenewal.Plan(_dir, Options(Now)).Items, i => Assert.Equal(ArchiveRenewalStatus.Ok, i.Status));
        Assert.Empty(Directory.GetFiles(_dir, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Renewal_is_due_only_within_the_window_before_the_tsa_certificate_expires()
    {
        WriteFiles(3);
        await ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, Options(Now)), _pki.Client(Now, Now.AddYears(2)), Options(Now));

        var early = ArchiveRenewal.Plan(_dir, Options(Now.AddMonths(6)));
        var due = ArchiveRenewal.Plan(_dir, Options(Now.AddYears(1).AddDays(1)));

        Assert.All(early.Items, i => Assert.Equal(ArchiveRenewalStatus.Ok, i.Status));
        Assert.All(due.Items, i =>
        {
            Assert.Equal((ArchiveRenewalStatus.NeedsRenewal, ArchiveRenewalAction.TimestampRenewal), (i.Status, i.Action));
            Assert.Equal([EvidenceReasons.RenewalTsaExpiring], i.Reasons);
            Assert.Equal(Now.AddYears(2).Date, i.TsaNotAfter!.Value.UtcDateTime.Date);
            Assert.Equal(Now, i.NewestTimestamp);
        });
    }

    [Fact]
    public async Task Timestamp_renewal_then_hash_tree_renewal_to_sm3_keep_every_file_checkable_and_a_changed_file_fails()
    {
        var files = WriteFiles(50);
        await ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, Options(Now)), _pki.Client(Now, Now.AddYears(2)), Options(Now));

        // 18 months later the first TSA certificate expires within a year: one time-stamp renews all 50 records.
        var second = _pki.Client(Now.AddMonths(18), Now.AddYears(10));
        var renewal = await ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, Options(Now.AddMonths(18))), second, Options(Now.AddMonths(18)));
        Assert.Equal(1, second.Requests);
        Assert.All(renewal.Items, i => Assert.Equal((ArchiveRenewalStatus.Renewed, ArchiveRenewalAction.TimestampRenewal), (i.Status, i.Action)));
        AssertEachVerifiesAlone(files, Now.AddYears(5), expectedTimestamps: 2);

        // Later, renewing with SM3 starts a new chain over the data and the old chains (hash-tree renewal).
        var at = Now.AddYears(9).AddMonths(6);
        var third = _pki.Client(at, Now.AddYears(20));
        var hashTree = await ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, Sm3(at)), third, Sm3(at));
        Assert.Equal(1, third.Requests);
        Assert.All(hashTree.Items, i => Assert.Equal((ArchiveRenewalStatus.Renewed, ArchiveRenewalAction.HashTreeRenewal), (i.Status, i.Action)));
        AssertEachVerifiesAlone(files, Now.AddYears(15), expectedTimestamps: 3);
        var record = EvidenceRecord.Decode(File.ReadAllBytes(files[7] + ".ers"));
        Assert.Equal(2, record.Chains.Count);

        File.AppendAllText(files[7], "changed after renewal");
        var verifier = new EvidenceRecordVerifier(_pki.Validator);
        using (var changed = File.OpenRead(files[7]))
        {
            Assert.Contains(EvidenceReasons.HashTreeMismatch, verifier.Verify(record, changed, Now.AddYears(15)).Reasons);
        }

        var after = ArchiveRenewal.Plan(_dir, Sm3(Now.AddYears(19).AddMonths(6)));
        var item = Assert.Single(after.Items, i => i.Path == Path.GetRelativePath(_dir, files[7]).Replace('\\', '/'));
        Assert.Equal(ArchiveRenewalStatus.Error, item.Status);
        Assert.Contains(EvidenceReasons.HashTreeMismatch, item.Reasons);
        var before = File.ReadAllBytes(files[7] + ".ers");
        var fourth = _pki.Client(Now.AddYears(19).AddMonths(6), Now.AddYears(25));
        var last = await ArchiveRenewal.ExecuteAsync(after, fourth, Sm3(Now.AddYears(19).AddMonths(6)));
        Assert.Equal(before, File.ReadAllBytes(files[7] + ".ers"));
        Assert.Equal(49, last.Items.Count(i => i.Status == ArchiveRenewalStatus.Renewed));
        Assert.Equal(1, fourth.Requests);
    }

    [Fact]
    public async Task Sealed_pdfs_get_a_document_timestamp_each_and_the_other_files_share_one()
    {
        var lta = Path.Combine(_dir, "lta.pdf");
        File.WriteAllBytes(lta, Extended(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), _pki.Client(Now, Now.AddYears(2))));
        var basic = Path.Combine(_dir, "basic.pdf");
        File.WriteAllBytes(basic, Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa));
        File.WriteAllBytes(Path.Combine(_dir, "unsealed.pdf"), TestPdfs.Simple());
        WriteFiles(3);
        var at = Now.AddMonths(15);
        var ltaLength = new FileInfo(lta).Length;

        var plan = ArchiveRenewal.Plan(_dir, Options(at));
        var tsa = _pki.Client(at, Now.AddYears(10));
        var result = await ArchiveRenewal.ExecuteAsync(plan, tsa, Options(at));

        Assert.Equal((ArchiveProtection.DocumentTimestamp, ArchiveRenewalAction.DocumentTimestamp, EvidenceReasons.RenewalTsaExpiring), Describe(plan, "lta.pdf"));
        Assert.Equal((ArchiveProtection.DocumentTimestamp, ArchiveRenewalAction.DocumentTimestamp, EvidenceReasons.RenewalMissing), Describe(plan, "basic.pdf"));
        Assert.Equal((ArchiveProtection.EvidenceRecord, ArchiveRenewalAction.NewEvidenceRecord, EvidenceReasons.RenewalMissing), Describe(plan, "unsealed.pdf"));
        Assert.Equal(3, tsa.Requests); // one for the four evidence records, one per PDF
        Assert.Equal(3, result.TimestampsRequested);
        Assert.All(result.Items, i => Assert.Equal(ArchiveRenewalStatus.Renewed, i.Status));
        Assert.True(new FileInfo(lta).Length > ltaLength);
        var again = ArchiveRenewal.Plan(_dir, Options(at));
        Assert.All(again.Items, i => Assert.Equal(ArchiveRenewalStatus.Ok, i.Status));
        Assert.Equal(at, again.Items.Single(i => i.Path == "lta.pdf").NewestTimestamp);
        Assert.False(File.Exists(lta + ".ers"));
        var (code, check) = ExternalTools.Run("qpdf", "--check", lta);
        Assert.True(code == 0, check);
        using var stream = File.OpenRead(lta);
        var report = PdfSealVerifier.Verify(stream, new PdfVerificationOptions { CertificateValidator = new RenewalValidator(TestPki.Rsa.Validator, _pki.Validator), ValidationTime = at });
        Assert.Equal(2, report.DocumentTimestamps.Count);
        Assert.All(report.DocumentTimestamps, t => Assert.True(t.Valid, string.Join(", ", t.Reasons)));
        Assert.All(report.Seals, s => Assert.False(s.ModifiedAfter));
    }

    [Fact]
    public async Task A_tsa_failure_marks_every_record_of_the_batch_and_writes_nothing()
    {
        WriteFiles(5);

        var result = await ArchiveRenewal.ExecuteAsync(ArchiveRenewal.Plan(_dir, Options(Now)), new FailingClient(), Options(Now));

        Assert.All(result.Items, i => Assert.Equal((ArchiveRenewalStatus.Error, TimestampReasons.Unavailable), (i.Status, i.Reasons.Single())));
        Assert.Empty(Directory.GetFiles(_dir, "*.ers", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_dir, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_broken_sidecar_is_an_error_and_other_files_are_unaffected()
    {
        WriteFiles(2);
        File.WriteAllBytes(Path.Combine(_dir, "file-000.zip.ers"), [0x30, 0x82, 0xFF, 0xFF, 1, 2, 3]);

        var plan = ArchiveRenewal.Plan(_dir, Options(Now));

        var broken = plan.Items.Single(i => i.Path == "file-000.zip");
        Assert.Equal(ArchiveRenewalStatus.Error, broken.Status);
        Assert.StartsWith(EvidenceReasons.Malformed, broken.Reasons.Single(), StringComparison.Ordinal);
        Assert.Equal(ArchiveRenewalStatus.NeedsRenewal, plan.Items.Single(i => i.Path == "sub/file-001.zip").Status);
        Assert.Throws<Trust.Core.TrustFormatException>(() => ArchiveRenewal.Plan(Path.Combine(_dir, "missing"), Options(Now)));
    }

    private ArchiveRenewalOptions Options(DateTimeOffset now) => new()
    {
        Validator = _pki.Validator,
        Clock = new SetClock(now),
    };

    private ArchiveRenewalOptions Sm3(DateTimeOffset now) => new()
    {
        Validator = _pki.Validator,
        Clock = new SetClock(now),
        DigestAlgorithm = DigestAlgorithm.Sm3,
    };

    private static (ArchiveProtection, ArchiveRenewalAction, string) Describe(ArchiveRenewalPlan plan, string path)
    {
        var item = plan.Items.Single(i => i.Path == path);
        return (item.Protection, item.Action, item.Reasons.Single());
    }

    private static byte[] Extended(byte[] pdf, ITimestampClient client)
    {
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        PdfArchiver.Extend(input, output, new PdfArchiveOptions { TimestampClient = client });
        return output.ToArray();
    }

    /// <summary>Archived packages: opaque files, every other one in a subfolder.</summary>
    private string[] WriteFiles(int count)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        return Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(_dir, i % 2 == 0 ? string.Empty : "sub", $"file-{i:D3}.zip");
            File.WriteAllText(path, $"package {i} " + new string('p', i * 7));
            return path;
        }).ToArray();
    }

    private void AssertEachVerifiesAlone(string[] files, DateTimeOffset at, int expectedTimestamps)
    {
        var verifier = new EvidenceRecordVerifier(_pki.Validator);
        foreach (var file in files)
        {
            using var data = File.OpenRead(file);
            var result = verifier.VerifyEncoded(File.ReadAllBytes(file + ".ers"), data, at);
            Assert.True(result.IsValid, file + ": " + string.Join(", ", result.Reasons));
            Assert.Equal(expectedTimestamps, result.Timestamps.Count);
            Assert.Equal(Now, result.ProvenSince);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One RSA TSA key under a root that lives 30 years; each <see cref="Client"/> is a TSA certificate expiring when asked, stamping at a set time.</summary>
    public sealed class RenewalPki : IDisposable
    {
        internal static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

        private readonly SigningKey _root = RsaSigningKey.Generate(2048);
        private readonly SigningKey _tsa = RsaSigningKey.Generate(2048);
        private readonly byte[] _rootDer;

        public RenewalPki() => _rootDer = new CertificateBuilder(new CertificateSubject("Renewal test root", "Tests"), _root.PublicKey)
        {
            NotBefore = Now.AddDays(-10),
            NotAfter = Now.AddYears(30),
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        }.SelfSign(_root);

        internal ICertificateValidator Validator => new CertificateValidator([_rootDer]);

        internal CountingClient Client(DateTimeOffset stampAt, DateTimeOffset notAfter)
        {
            var certificate = new CertificateBuilder(new CertificateSubject("Renewal test TSA", "Tests"), _tsa.PublicKey)
            {
                NotBefore = stampAt.AddDays(-1),
                NotAfter = notAfter,
                KeyUsage = X509KeyUsageFlags.DigitalSignature,
            }.WithSignerRole(SignerRole.TimestampAuthority).Sign(_rootDer, _root);
            var clock = new SetClock(stampAt);
            var authority = new TimestampAuthority(new TimestampAuthorityOptions { Key = _tsa, CertificateChain = [certificate, _rootDer], Clock = clock });
            return new CountingClient(new LocalTimestampClient(authority, Validator, clock));
        }

        public void Dispose()
        {
            _root.Dispose();
            _tsa.Dispose();
        }
    }

    internal sealed class CountingClient(ITimestampClient inner) : ITimestampClient
    {
        public int Requests { get; private set; }

        public Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default)
        {
            Requests++;
            return inner.GetTokenAsync(algorithm, imprint, cancellationToken);
        }
    }

    private sealed class FailingClient : ITimestampClient
    {
        public Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default) =>
            throw new TimestampException("The TSA cannot be reached.", [TimestampReasons.Unavailable]);
    }

    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Seals checked by one validator, time-stamps by another.</summary>
    private sealed class RenewalValidator(ICertificateValidator seals, ICertificateValidator tsa) : ICertificateValidator
    {
        public long Version => 1;

        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage) =>
            (usage == CertificateUsage.TimeStamping ? tsa : seals).Validate(leafDer, intermediatesDer, at, usage);
    }
}
