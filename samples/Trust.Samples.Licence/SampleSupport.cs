using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Samples.Licence;

/// <summary>
/// Stand-ins that keep the sample self-contained. A real system uses the SQLite or PostgreSQL
/// store of Trust.Storage and a certificate validator configured with the PKI's trust anchors.
/// </summary>
public static class SampleSupport
{
    /// <summary>A self-signed P-256 certificate for the sample issuer (digitalSignature key usage).</summary>
    public static byte[] SelfSignedCertificate(ECDsa key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.RawData;
    }

    /// <summary>Trusts exactly one certificate, inside its validity period.</summary>
    public sealed class PinnedCertificateValidator(byte[] pinned) : ICertificateValidator
    {
        /// <inheritdoc />
        public long Version => 1;

        /// <inheritdoc />
        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage)
        {
            if (!leafDer.Span.SequenceEqual(pinned))
            {
                return new ChainValidationResult(ChainStatus.Untrusted, ["chain.untrusted"], null, []);
            }

            using var certificate = X509CertificateLoader.LoadCertificate(pinned);
            return at >= certificate.NotBefore && at <= certificate.NotAfter
                ? new ChainValidationResult(ChainStatus.Trusted, [], PublicKeyPem.FromCertificate(pinned), [pinned])
                : new ChainValidationResult(ChainStatus.Expired, ["chain.expired"], null, []);
        }
    }

    /// <summary>Licences and statuses in memory.</summary>
    public sealed class InMemoryLicenceStore : ILicenceStore
    {
        private readonly ConcurrentDictionary<string, long> _counters = new();
        private readonly ConcurrentDictionary<string, LicenceRecord> _licences = new();
        private readonly ConcurrentDictionary<string, LicenceStatus> _status = new();

        /// <inheritdoc />
        public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_counters.AddOrUpdate(statusListId, 0, (_, v) => v + 1));

        /// <inheritdoc />
        public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(licence);
            _licences[licence.Id] = licence;
            _status[licence.Id] = LicenceStatus.Valid;
            return Task.CompletedTask;
        }

        /// <inheritdoc />
        public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(_licences.GetValueOrDefault(id));

        /// <inheritdoc />
        public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LicenceRecord>>(_licences.Values.Where(l => l.HolderId == holderId).ToList());

        /// <inheritdoc />
        public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(change);
            return Task.FromResult(_status.TryGetValue(change.LicenceId, out var s) && s != LicenceStatus.Revoked && _status.TryUpdate(change.LicenceId, change.Status, s));
        }

        /// <inheritdoc />
        public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_status.TryGetValue(licenceId, out var s) ? s : (LicenceStatus?)null);

        /// <inheritdoc />
        public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<long, LicenceStatus>>(_licences.Values
                .Where(l => l.StatusListId == statusListId && _status[l.Id] != LicenceStatus.Valid)
                .ToDictionary(l => l.StatusIndex, l => _status[l.Id]));
    }

    /// <summary>An audit log that keeps entries in memory (no hash chain checks).</summary>
    public sealed class InMemoryAuditLog : IAuditLog
    {
        private readonly ConcurrentQueue<AuditEntry> _entries = new();

        /// <inheritdoc />
        public Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
        {
            var entry = new AuditEntry(_entries.Count + 1, at, action, actor, subject, details, new byte[32], new byte[32]);
            _entries.Enqueue(entry);
            return Task.FromResult(entry);
        }

        /// <inheritdoc />
        public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var entry in _entries.Where(e => e.Sequence >= fromSequence))
            {
                await Task.Yield();
                yield return entry;
            }
        }
    }
}
