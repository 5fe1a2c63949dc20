using System.Collections.Concurrent;
using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;

namespace Trust.Core.Licences.Internal;

/// <summary>
/// Re-uses what is learnt about an issuer's certificate chain across licences: the parsed leaf
/// key, and the times at which the chain was found trusted. Keyed by SHA-256 of the x5chain
/// certificates and the validator's <see cref="ICertificateValidator.Version"/>, so a change of
/// trust anchors or CRLs starts afresh.
/// </summary>
/// <remarks>
/// If a chain is trusted at t1 and at t2 it is trusted at every t between: certificate validity
/// periods are intervals, and "revoked as of t" can only turn from false to true as t grows.
/// So each entry keeps the smallest and largest trusted time seen, and a query inside that
/// span needs no new validation. Untrusted results are never cached.
/// </remarks>
internal sealed class IssuerChainCache
{
    internal const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Hash, long Version), Entry> _entries = new();

    // Entries added since the last clear. Not _entries.Count: that takes every lock of the
    // dictionary, on every licence, and verifying threads then queue behind each other.
    private int _added;

    /// <summary>Looks up or creates the entry of a chain.</summary>
    public Entry For(IReadOnlyList<byte[]> chain, long validatorVersion)
    {
        var key = (HashChain(chain), validatorVersion);
        if (_entries.TryGetValue(key, out var found))
        {
            return found;
        }

        if (Interlocked.Increment(ref _added) > MaxEntries)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _added, 1);
        }

        return _entries.GetOrAdd(key, static (_, c) => new Entry(c), chain);
    }

    private static string HashChain(IReadOnlyList<byte[]> chain)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var cert in chain)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, cert.Length);
            hash.AppendData(length);
            hash.AppendData(cert);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>What is known about one chain under one validator version.</summary>
    internal sealed class Entry
    {
        private readonly Lock _gate = new();
        private readonly Lock _validating = new();
        private readonly IReadOnlyList<byte[]> _chain;
        private readonly Lazy<VerificationKey?> _leafKey;
        private SignerEntitlement? _entitlement;
        private byte[]? _thumbprint;
        private long _trustedFrom = long.MaxValue;
        private long _trustedTo = long.MinValue;

        public Entry(IReadOnlyList<byte[]> chain)
        {
            _chain = chain;
            _leafKey = new Lazy<VerificationKey?>(ParseLeafKey, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The leaf certificate's public key, or null when it cannot be parsed.</summary>
        public VerificationKey? LeafKey => _leafKey.Value;

        /// <summary>What the leaf certificate is entitled to sign (<see cref="SignerEntitlement.None"/> when unreadable).</summary>
        public SignerEntitlement Entitlement => _entitlement ??= SignerEntitlement.FromCertificate(_chain[0]);

        /// <summary>SHA-256 of the leaf key's SubjectPublicKeyInfo (the expected <c>kid</c>); empty when the key cannot be parsed.</summary>
        public ReadOnlySpan<byte> LeafKeyThumbprint => (_thumbprint ??= LeafKey?.Thumbprint() ?? []);

        /// <summary>Validates the chain at <paramref name="at"/>, re-using earlier trusted results.</summary>
        public ChainStatus Validate(ICertificateValidator validator, DateTimeOffset at)
        {
            var t = at.UtcTicks;
            lock (_gate)
            {
                if (t >= _trustedFrom && t <= _trustedTo)
                {
                    return ChainStatus.Trusted;
                }
            }

            // One validation at a time per chain: a batch of licences from one issuer then waits
            // for the first result instead of validating the same chain on every core.
            lock (_validating)
            {
                lock (_gate)
                {
                    if (t >= _trustedFrom && t <= _trustedTo)
                    {
                        return ChainStatus.Trusted;
                    }
                }

                var intermediates = new ReadOnlyMemory<byte>[_chain.Count - 1];
                for (var i = 1; i < _chain.Count; i++)
                {
                    intermediates[i - 1] = _chain[i];
                }

                var result = validator.Validate(_chain[0], intermediates, at, CertificateUsage.DigitalSignature);
                if (result.IsTrusted)
                {
                    lock (_gate)
                    {
                        _trustedFrom = Math.Min(_trustedFrom, t);
                        _trustedTo = Math.Max(_trustedTo, t);
                    }
                }

                return result.Status;
            }
        }

        private VerificationKey? ParseLeafKey()
        {
            try
            {
                return PublicKeyPem.FromCertificate(_chain[0]);
            }
            catch (TrustException)
            {
                return null;
            }
#pragma warning disable CA1031 // Hostile certificate bytes must never escape as an exception.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }
    }
}
