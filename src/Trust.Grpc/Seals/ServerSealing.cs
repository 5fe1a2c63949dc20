using Grpc.Core;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.RemoteSealing;

namespace Trust.Grpc.Seals;

/// <summary>
/// Where the server's seal signatures come from, for everything it seals (SealPdf and its JSON route, licence files):
/// the department keys of its PKI folder (<see cref="DepartmentSeals"/>), or, with <c>Trust:SealPlatform:Address</c>, a
/// remote seal platform that holds the keys (<see cref="SealPlatformClient"/>; only the to-be-signed structure leaves the
/// server). Either way the sealers sign through an <see cref="ISealProvider"/> and check each signature with the seal
/// certificate before they write it. Which seal may be used (department, revocation) is decided before, by the caller.
/// </summary>
internal sealed class ServerSealing : IDisposable
{
    private readonly DepartmentSeals _seals;
    private readonly SealPlatformClient? _platform;
    private readonly ICertificateValidator _validator;
    private readonly DepartmentSealProvider _local;

    public ServerSealing(DepartmentSeals seals, SealPlatformClient? platform, ICertificateValidator validator)
    {
        _seals = seals;
        _platform = platform;
        _validator = validator;
        _local = new DepartmentSealProvider(seals);
    }

    /// <summary>The remote platform's address, or null when the server seals with its own keys.</summary>
    public Uri? PlatformAddress => _platform?.Address;

    /// <summary>
    /// The certificate chain (signer first) the seal's signatures are made with. Remote: fetched from the platform (once),
    /// checked against the server's trust anchors and CRLs for seal use, and the platform's SES_Seal must be the PKI's.
    /// </summary>
    /// <param name="seal">A seal of the registry the caller may use.</param>
    /// <param name="field">The request field named in errors (<c>header.seal_id</c>, <c>seal_id</c>).</param>
    /// <exception cref="RpcException">
    /// FAILED_PRECONDITION (no key on this server, the platform refused, an untrusted or different seal);
    /// UNAVAILABLE / DEADLINE_EXCEEDED (the platform is down or slow).
    /// </exception>
    public IReadOnlyList<byte[]> ChainFor(SealRecord seal, string field)
    {
        if (_platform is null)
        {
            return (_seals.KeyFor(seal.Department)
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}: the seal's department {seal.Department} has no key on this server"))).Chain;
        }

        var (remote, chain) = Remote(field, () => (_platform.GetSeal(seal.Id), _platform.GetCertificateChain(seal.Id)));
        if (!remote.Seal.Encode().AsSpan().SequenceEqual(seal.Seal.Encode()))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}: the seal platform's SES_Seal for {seal.Id} is not the one in this server's PKI"));
        }

        var result = _validator.Validate(chain[0], [.. chain.Skip(1).Select(c => (ReadOnlyMemory<byte>)c)], DateTimeOffset.UtcNow, CertificateUsage.Seal);
        if (result.Status != ChainStatus.Trusted)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}: the seal platform's certificate for {seal.Id} is not trusted here ({result.Status}: {string.Join(", ", result.Reasons)})"));
        }

        return chain;
    }

    /// <summary>The provider that signs for one document; <paramref name="documentDescription"/> goes to the platform's audit (no personal data).</summary>
    public ISealProvider ProviderFor(string documentDescription) => _platform is null ? _local : _platform.ForDocument(documentDescription);

    /// <summary>
    /// Runs a sealing step that signs through <see cref="ProviderFor"/> and maps what the provider path throws:
    /// a platform refusal or a refused signature → FAILED_PRECONDITION, a platform down → UNAVAILABLE, too slow → DEADLINE_EXCEEDED.
    /// </summary>
    public T Seal<T>(string field, Func<T> seal) => Remote(field, seal);

    /// <inheritdoc />
    public void Dispose() => _platform?.Dispose();

    private T Remote<T>(string field, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SealPlatformException ex)
        {
            var code = ex.Failure switch
            {
                SealPlatformFailure.DeadlineExceeded => StatusCode.DeadlineExceeded,
                SealPlatformFailure.Unavailable => StatusCode.Unavailable,
                _ => StatusCode.FailedPrecondition,
            };
            throw new RpcException(new Status(code, $"{field}: {ex.Message}"));
        }
        catch (SealingRefusedException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}: the seal signature was refused ({ex.Reason}): {ex.Message}"));
        }
        catch (SealUnusableException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{field}: {ex.Message} ({ex.Reason})"));
        }
    }
}
