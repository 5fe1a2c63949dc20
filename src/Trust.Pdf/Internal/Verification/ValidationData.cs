using UglyToad.PdfPig.Tokens;
using Trust.Core;
using Trust.Core.Pki;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.Verification;

/// <summary>
/// The document's own validation data (PAdES B-LT: the /DSS of ISO 32000-2 section 12.8.4.3) turned into a validator:
/// the store's certificates become chain-building candidates and its CRLs revocation data, always anchored at the
/// configured trust anchors (<see cref="CertificateValidator.WithValidationData"/>). So a file extended to B-LT/B-LTA
/// still validates when its CA's intermediates and CRLs are no longer reachable.
/// </summary>
internal static class ValidationData
{
    private static readonly NameToken Dss = NameToken.Create("DSS");
    private static readonly NameToken Certs = NameToken.Create("Certs");
    private static readonly NameToken Crls = NameToken.Create("CRLs");

    /// <summary>Most items of each kind read from a store.</summary>
    private const int MaxItems = 1000;

    /// <summary>The certificates and CRLs of the catalog's /DSS (unfiltered streams; empty when there is none or it cannot be read).</summary>
    public static (List<byte[]> Certificates, List<byte[]> Crls) Read(PdfRevisionReader reader)
    {
        try
        {
            if (!reader.Catalog.TryGet(Dss, out var dssToken) || reader.ResolveDictionary(dssToken, "DSS") is not { } dss)
            {
                return ([], []);
            }

            return (Items(reader, dss, Certs), Items(reader, dss, Crls));
        }
        catch (Exception ex) when (ex is TrustFormatException or InvalidOperationException or ArgumentException)
        {
            return ([], []);
        }
    }

    /// <summary>
    /// <paramref name="options"/> with a validator that also uses the store's certificates and CRLs (CRLs issued after
    /// <paramref name="crlsIssuedBy"/>, the time a document time-stamp proves, do not count); <paramref name="options"/>
    /// itself when there is nothing to add or the validator is not a <see cref="CertificateValidator"/> (then only the
    /// certificates are offered, as candidates).
    /// </summary>
    public static PdfVerificationOptions With(PdfVerificationOptions options, List<byte[]> certificates, List<byte[]> crls, DateTimeOffset? crlsIssuedBy)
    {
        if (options.SkipCertificateValidation || options.CertificateValidator is not { } validator || (certificates.Count == 0 && crls.Count == 0))
        {
            return options;
        }

        ICertificateValidator extended = validator is CertificateValidator concrete
            ? concrete.WithValidationData(certificates, crls, crlsIssuedBy)
            : new WithCandidates(validator, certificates);
        return options.WithValidator(extended);
    }

    private static List<byte[]> Items(PdfRevisionReader reader, DictionaryToken dss, NameToken key)
    {
        var result = new List<byte[]>();
        if (!dss.TryGet(key, out var arrayToken) || reader.Resolve(arrayToken) is not ArrayToken array)
        {
            return result;
        }

        foreach (var item in array.Data.Take(MaxItems))
        {
            if (reader.Resolve(item) is StreamToken stream && !stream.StreamDictionary.ContainsKey(NameToken.Filter))
            {
                result.Add(stream.Data.ToArray());
            }
        }

        return result;
    }

    /// <summary>Any other validator: the store's certificates are offered with each call's own candidates.</summary>
    private sealed class WithCandidates(ICertificateValidator inner, List<byte[]> certificates) : ICertificateValidator
    {
        public long Version => inner.Version;

        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage) =>
            inner.Validate(leafDer, [.. intermediatesDer, .. certificates.Select(c => (ReadOnlyMemory<byte>)c)], at, usage);
    }
}
