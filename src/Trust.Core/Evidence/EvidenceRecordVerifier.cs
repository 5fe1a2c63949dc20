using System.Collections.Concurrent;
using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Evidence.Internal;
using Trust.Core.Pki;
using Trust.Core.Timestamps;

namespace Trust.Core.Evidence;

/// <summary>
/// Checks one data object against its RFC 4998 evidence record, alone (section 5.3): for every archive time-stamp it
/// recomputes the root from the reduced hash tree and the right leaf: the data's hash for the first time-stamp, the hash
/// of the previous time-stamp's <c>timeStamp</c> field after a time-stamp renewal, H(H(data) || H(previous
/// archiveTimeStampSequence)) after a hash-tree renewal (section 5.2); then checks the token over that root with
/// <see cref="TimestampTokenVerifier"/>, its TSA chain at the time of the next renewal (the newest at the validation
/// time), the order of the times, and that each chain's hash algorithm was still trusted when the next chain began
/// (<see cref="ArchiveTimestampPolicy"/>). Never throws for bad input: every problem is a reason. Thread-safe; a token
/// shared by many records (one renewal over many objects) is checked once per verifier.
/// </summary>
public sealed class EvidenceRecordVerifier
{
    private readonly ICertificateValidator _validator;
    private readonly ArchiveTimestampPolicy _policy;
    private readonly ConcurrentDictionary<string, TimestampVerification> _tokens = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier.</summary>
    /// <param name="validator">Trust anchors and CRLs for the TSA certificates.</param>
    /// <param name="policy">Which hash algorithms are trusted until when; <see cref="ArchiveTimestampPolicy.Default"/> when null.</param>
    public EvidenceRecordVerifier(ICertificateValidator validator, ArchiveTimestampPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(validator);
        _validator = validator;
        _policy = policy ?? ArchiveTimestampPolicy.Default;
    }

    /// <summary>Decodes <paramref name="encodedRecord"/> and checks <paramref name="data"/> against it.</summary>
    /// <param name="encodedRecord">The DER evidence record.</param>
    /// <param name="data">The data object, read once from its current position to its end.</param>
    /// <param name="at">The validation time; now when null.</param>
    public EvidenceVerification VerifyEncoded(ReadOnlyMemory<byte> encodedRecord, Stream data, DateTimeOffset? at = null)
    {
        if (!EvidenceRecord.TryDecode(encodedRecord, out var record, out var error))
        {
            return new EvidenceVerification([EvidenceReasons.Malformed + ":" + error], []);
        }

        return Verify(record!, data, at);
    }

    /// <summary>Checks <paramref name="data"/> against <paramref name="record"/>.</summary>
    /// <param name="record">The evidence record.</param>
    /// <param name="data">The data object, read once from its current position to its end.</param>
    /// <param name="at">The validation time; now when null.</param>
    public EvidenceVerification Verify(EvidenceRecord record, Stream data, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(data);
        var now = at ?? DateTimeOffset.UtcNow;
        var algorithms = record.Chains.Select(ChainAlgorithm).ToArray();
        if (algorithms.Any(a => a is null))
        {
            var oid = record.Chains.Select(ChainOid).FirstOrDefault(o => EvidenceDigests.FromOid(o) is null);
            return new EvidenceVerification([EvidenceReasons.UnsupportedDigest + ":" + oid], []);
        }

        var dataHashes = HashData(data, algorithms.Select(a => a!.Value).Distinct().ToArray());
        var flat = record.Chains.SelectMany((chain, k) => chain.Timestamps.Select((ats, j) => (K: k, J: j, Ats: ats))).ToArray();
        var decoded = flat.Select(f => TimestampTokenVerifier.TryDecode(f.Ats.TimeStamp, out var t) ? t : null).ToArray();
        var reasons = new List<string>();
        var reports = new List<ArchiveTimestampReport>(flat.Length);
        for (var i = 0; i < flat.Length; i++)
        {
            var (k, j, ats) = flat[i];
            var algorithm = algorithms[k]!.Value;
            var own = new List<string>();
            if (ats.DigestAlgorithmOid is { } atsOid && atsOid != EvidenceDigests.OidOf(algorithm))
            {
                own.Add(EvidenceReasons.ChainAlgorithmMismatch);
            }

            var leaf = j > 0
                ? EvidenceDigests.Hash(algorithm, flat[i - 1].Ats.TimeStamp.Span)
                : k == 0
                    ? dataHashes[algorithm]
                    : EvidenceDigests.HashConcat(algorithm, dataHashes[algorithm], EvidenceDigests.Hash(algorithm, record.EncodeSequence(k)));
            var root = HashTree.Root(algorithm, leaf, ats.ReducedHashTree);
            var checkTime = i + 1 < flat.Length && decoded[i + 1] is { } next ? next.Time : now;
            if (root is null)
            {
                own.Add(EvidenceReasons.HashTreeMismatch);
            }
            else
            {
                foreach (var reason in CheckToken(ats.TimeStamp, algorithm, root, checkTime).Reasons)
                {
                    own.Add(reason == TimestampReasons.ImprintMismatch ? EvidenceReasons.HashTreeMismatch : reason);
                }
            }

            if (decoded[i] is { } token && i + 1 < flat.Length && decoded[i + 1] is { } later && later.Time < token.Time)
            {
                own.Add(EvidenceReasons.TimestampOrder);
            }

            if (j == 0)
            {
                // The chain's hash algorithm must still be trusted when the next chain renews it (or now, for the last chain).
                var nextChain = Array.FindIndex(flat, f => f.K == k + 1);
                var until = nextChain >= 0 && decoded[nextChain] is { } renewal ? renewal.Time : now;
                if (!_policy.IsDigestTrusted(EvidenceDigests.OidOf(algorithm), until))
                {
                    own.Add(EvidenceReasons.DigestUntrusted + ":" + EvidenceDigests.Name(algorithm));
                }
            }

            reasons.AddRange(own);
            var tokenFields = decoded[i];
            reports.Add(new ArchiveTimestampReport(
                k,
                j,
                tokenFields?.Time,
                tokenFields?.TsaName ?? string.Empty,
                tokenFields is null ? null : ArchiveTimestampPolicy.TsaNotAfter(tokenFields),
                EvidenceDigests.Name(algorithm),
                own.Distinct(StringComparer.Ordinal).ToArray()));
        }

        return new EvidenceVerification(reasons.Distinct(StringComparer.Ordinal).ToArray(), reports);
    }

    /// <summary>The hash algorithm of a chain: its first time-stamp's <c>digestAlgorithm</c>, else its token's imprint algorithm; null when not SHA-256 or SM3.</summary>
    internal static DigestAlgorithm? ChainAlgorithm(ArchiveTimestampChain chain) => EvidenceDigests.FromOid(ChainOid(chain));

    private static string? ChainOid(ArchiveTimestampChain chain)
    {
        var first = chain.Timestamps[0];
        if (first.DigestAlgorithmOid is { } oid)
        {
            return oid;
        }

        return TimestampTokenVerifier.TryDecode(first.TimeStamp, out var token) ? token!.ImprintAlgorithmOid : null;
    }

    private TimestampVerification CheckToken(ReadOnlyMemory<byte> token, DigestAlgorithm algorithm, byte[] root, DateTimeOffset at)
    {
        var key = string.Concat(Convert.ToHexString(SHA256.HashData(token.Span)), "/", Convert.ToHexString(root), "/", ((int)algorithm).ToString(System.Globalization.CultureInfo.InvariantCulture), "/", at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _tokens.GetOrAdd(key, _ => TimestampTokenVerifier.VerifyImprint(token, algorithm, root, _validator, at));
    }

    private static Dictionary<DigestAlgorithm, byte[]> HashData(Stream data, DigestAlgorithm[] algorithms)
    {
        var digests = algorithms.Select(Digest.Create).ToArray();
        try
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
            try
            {
                int read;
                while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
                {
                    foreach (var digest in digests)
                    {
                        digest.Append(buffer.AsSpan(0, read));
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            return algorithms.Select((a, i) => (a, digests[i].Finish())).ToDictionary(p => p.a, p => p.Item2);
        }
        finally
        {
            foreach (var digest in digests)
            {
                digest.Dispose();
            }
        }
    }
}
