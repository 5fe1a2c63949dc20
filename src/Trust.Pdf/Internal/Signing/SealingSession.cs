using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Pdf.Internal.Conformance;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Writer;

namespace Trust.Pdf.Internal.Signing;

/// <summary>
/// Seals one PDF: plans the incremental update (field, widget, appearance, signature
/// dictionary, AcroForm, page /Annots, optional DocMDP), reserves /Contents, copies the original
/// bytes, appends the update, hashes the byte range by streaming, signs and fills the placeholder.
/// </summary>
internal static class SealingSession
{
    private const int ContentsMargin = 512;

    /// <summary>What phase one froze: the layout of the written update, the byte-range digest and the signed attributes.</summary>
    internal sealed record Prepared(
        string FieldName, SignatureAlgorithm Algorithm, byte[] SignedAttributes, long ContentsStart, long ContentsEnd, long Total, int ContentsBytes, byte[] ByteRangeDigest);

    /// <summary>
    /// Seals in one go: prepares, signs the signed attributes with <c>sign</c>, and embeds the CMS. With <c>check</c> the
    /// signature is verified with the signer certificate before it is embedded (for signers outside this process).
    /// </summary>
    public static string Seal(Stream input, Stream output, PdfSealOptions options, Func<SignatureAlgorithm, byte[], byte[]> sign, bool check)
    {
        var prepared = Prepare(input, output, options);
        var signature = sign(prepared.Algorithm, prepared.SignedAttributes);
        if (check)
        {
            signature = Trust.Core.Seals.Providers.SignatureValues.Check(options.CertificateChain[0], prepared.Algorithm, prepared.SignedAttributes, signature);
        }

        Embed(output, prepared, options.CertificateChain, signature, options.TimestampClient);
        return prepared.FieldName;
    }

    /// <summary>
    /// Writes the sealed PDF with the signature's CMS in the reserved /Contents; fails before writing when it does not fit.
    /// With <paramref name="timestamps"/> the CMS gets a signature time-stamp over the signature value first (PAdES B-T).
    /// </summary>
    public static void Embed(Stream output, Prepared prepared, IReadOnlyList<byte[]> chain, byte[] signature, Trust.Core.Timestamps.ITimestampClient? timestamps = null)
    {
        var cms = CmsSignedDataBuilder.Assemble(chain, prepared.Algorithm, prepared.SignedAttributes, signature);
        if (timestamps is not null)
        {
            cms = SignatureTimestamp.Add(cms, timestamps, prepared.Algorithm);
        }

        if (cms.Length > prepared.ContentsBytes)
        {
            throw new TrustFormatException("contents", $"The signature ({cms.Length} bytes) does not fit the reserved space ({prepared.ContentsBytes} bytes).");
        }

        output.Position = prepared.ContentsStart + 1;
        output.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(cms)));
        output.Position = prepared.Total;
        output.Flush();
    }

    /// <summary>
    /// Phase one: plans and writes the incremental update with an empty (zero) /Contents placeholder, fills /ByteRange,
    /// hashes the byte range and builds the signed attributes. Nothing is signed.
    /// </summary>
    public static Prepared Prepare(Stream input, Stream output, PdfSealOptions options)
    {
        if (!input.CanSeek || !input.CanRead)
        {
            throw new ArgumentException("The input must be readable and seekable.", nameof(input));
        }

        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("The output must be readable, writable and seekable.", nameof(output));
        }

        if (options.CertificateChain is not { Count: > 0 })
        {
            throw new TrustFormatException("certificates", "The certificate chain is empty.");
        }

        var signerKey = Trust.Core.Keys.PublicKeyPem.FromCertificate(options.CertificateChain[0]);
        var algorithm = options.Algorithm ?? options.Key?.DefaultAlgorithm ?? SigningKeys.SignatureAlgorithmsFor(signerKey.KeyAlgorithm)[0];
        if (SignatureAlgorithms.KeyAlgorithmOf(algorithm) != signerKey.KeyAlgorithm || (options.Key is { } key && key.KeyAlgorithm != signerKey.KeyAlgorithm))
        {
            throw new TrustKeyException($"Algorithm {SignatureAlgorithms.DisplayName(algorithm)} cannot be used with the signer's {signerKey.KeyAlgorithm} key.");
        }

        if (options.Seal.WidthMm is <= 0 or > 1000 || options.Seal.HeightMm is <= 0 or > 1000)
        {
            throw new TrustFormatException("seal.picture", "The picture size in millimetres must be between 0 and 1000.");
        }

        var picture = PngImage.Decode(options.Seal.PicturePng.Span);
        var sesSeal = options.Seal.SesSeal.ToArray();
        var signingTime = options.SigningTime ?? DateTimeOffset.UtcNow;
        var subFilter = options.SubFilter == PdfSignatureSubFilter.AdbePkcs7Detached ? "adbe.pkcs7.detached" : "ETSI.CAdES.detached";
        var cmsTime = options.SubFilter == PdfSignatureSubFilter.AdbePkcs7Detached ? signingTime : (DateTimeOffset?)null;

        // Size the placeholder before anything is written (fail early if a fixed size is too small).
        var needed = CmsSignedDataBuilder.UpperBound(signerKey, algorithm, options.CertificateChain, sesSeal, cmsTime)
            + (options.TimestampClient is null ? 0 : SignatureTimestamp.Reserve);
        var contentsBytes = options.ContentsSize ?? needed + ContentsMargin;
        if (contentsBytes < needed)
        {
            throw new TrustFormatException("contents", $"The reserved /Contents size {contentsBytes} is smaller than the signature needs ({needed} bytes).");
        }

        using var reader = PdfRevisionReader.Open(input);
        if (reader.IsEncrypted)
        {
            throw new TrustFormatException("encrypt", "Encrypted PDFs cannot be sealed; remove the encryption first (for example qpdf --decrypt).");
        }

        var fields = SignatureFields.All(reader);
        var hasSignature = fields.Any(f => f.FieldType == "Sig" && f.Value is not null);
        var docMdp = DocMdp.Permission(reader);
        if (docMdp == 1)
        {
            throw new TrustFormatException("DocMDP", "The document is certified with DocMDP P=1: no changes, including new seals, are permitted.");
        }

        if (options.Certify && (hasSignature || docMdp is not null))
        {
            throw new TrustFormatException("certify", "Only the first signature of a document can certify it (DocMDP).");
        }

        var fieldName = options.FieldName ?? FreshName(fields);
        if (fieldName.Length is 0 or > 200 || fieldName.Contains('.', StringComparison.Ordinal))
        {
            throw new TrustFormatException("field", "The field name must be 1-200 characters without '.'.");
        }

        // A named empty signature field (merged field and widget) is filled instead of creating a new one.
        var emptyField = fields.FirstOrDefault(f => f.FullName == fieldName);
        if (emptyField is not null && (emptyField.FieldType != "Sig" || emptyField.Value is not null || emptyField.Reference is null
            || !emptyField.Dictionary.ContainsKey(NameToken.Rect)))
        {
            throw new TrustFormatException("field", $"A field named '{fieldName}' already exists and is not an empty signature field.");
        }

        var (prevXref, kind) = reader.LastXref();
        var page = reader.GetPage(options.Page);
        var update = new IncrementalUpdate(reader.NextObjectNumber, kind, prevXref, reader.RootReference, reader.InfoReference, reader.Identifier);

        double[]? fieldRect = null;
        if (emptyField is not null)
        {
            fieldRect = reader.Resolve(emptyField.Dictionary.Data["Rect"]) is ArrayToken r && r.Data.Count == 4
                ? r.Data.Select(t => reader.Resolve(t) is NumericToken n ? n.Double : 0).ToArray()
                : throw new TrustFormatException("field", "The signature field has no usable /Rect.");
        }

        // PDF/A (ISO 19005-2 section 6.2.4.3): DeviceRGB only with an RGB OutputIntent; otherwise a device-independent space.
        var calibrated = PdfAProfile.OutputIntentComponents(reader) is not 3
            && (PdfAProfile.HasOutputIntents(reader) || PdfAProfile.Claimed(reader) is not null);
        var (form, rect) = SealAppearance.Add(update, picture, page, options.XMm, options.YMm, options.Seal.WidthMm, options.Seal.HeightMm, fieldRect, calibrated);
        var signature = SignatureDictionary.Create(subFilter, contentsBytes, signingTime, options.Reason, options.Location, options.Certify);
        var sigRef = update.Allocate();
        update.AddRaw(sigRef, signature.Body);
        if (emptyField is not null)
        {
            // Only /V and /AP change (ISO 32000-1 section 12.7.4.5); every other entry is kept.
            update.Add(emptyField.Reference!.Value, emptyField.Dictionary
                .With(NameToken.V, new IndirectReferenceToken(sigRef))
                .With(NameToken.Ap, new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.N] = new IndirectReferenceToken(form) })));
            var form0 = SignatureFields.AcroForm(reader);
            if (options.Certify || form0 is null || !(form0.TryGet(NameToken.SigFlags, out var flags) && reader.Resolve(flags) is NumericToken { Int: 3 }))
            {
                AddToAcroForm(reader, update, null, options.Certify ? sigRef : null);
            }

            return Layout(input, output, update, sigRef, signature, options, algorithm, sesSeal, cmsTime, contentsBytes, fieldName);
        }

        var fieldRef = update.Allocate();
        update.Add(fieldRef, new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Annot,
            [NameToken.Subtype] = NameToken.Widget,
            [NameToken.Ft] = NameToken.Sig,
            [NameToken.T] = new StringToken(fieldName),
            [NameToken.V] = new IndirectReferenceToken(sigRef),
            [NameToken.F] = new NumericToken(132), // Print | Locked (ISO 32000-1 Table 165)
            [NameToken.Rect] = SealAppearance.Numbers(rect),
            [NameToken.P] = new IndirectReferenceToken(page.Reference),
            [NameToken.Ap] = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.N] = new IndirectReferenceToken(form) }),
        }));

        AddToAnnots(reader, update, page, fieldRef);
        AddToAcroForm(reader, update, fieldRef, options.Certify ? sigRef : null);
        return Layout(input, output, update, sigRef, signature, options, algorithm, sesSeal, cmsTime, contentsBytes, fieldName);
    }

    private static Prepared Layout(Stream input, Stream output, IncrementalUpdate update, IndirectReference sigRef, SignatureDictionary signature, PdfSealOptions options, SignatureAlgorithm algorithm, byte[] sesSeal, DateTimeOffset? cmsTime, int contentsBytes, string fieldName)
    {
        // Lay out: original bytes by stream copy, then the update.
        output.SetLength(0);
        input.Position = 0;
        input.CopyTo(output, 1 << 20);
        var baseLength = output.Position;
        var endsWithEol = baseLength > 0 && LastByte(input, baseLength) is (byte)'\n' or (byte)'\r';
        var offsets = update.WriteTo(output, baseLength, endsWithEol);
        var total = output.Position;

        var sigBody = offsets[sigRef];
        var contentsStart = sigBody + signature.ContentsOffset;
        var contentsEnd = contentsStart + signature.ContentsTokenLength;
        output.Position = sigBody + signature.ByteRangeOffset;
        output.Write(SignatureDictionary.FormatByteRange(contentsStart, contentsEnd, total - contentsEnd));
        output.Flush();

        var digest = ByteRangeHasher.Hash(output, [0, contentsStart, contentsEnd, total - contentsEnd], SignatureAlgorithms.DigestOf(algorithm));
        var signedAttributes = CmsSignedDataBuilder.SignedAttributes(options.CertificateChain, digest, sesSeal, cmsTime);
        output.Position = total;
        return new Prepared(fieldName, algorithm, signedAttributes, contentsStart, contentsEnd, total, contentsBytes, digest);
    }

    internal static byte LastByte(Stream s, long length)
    {
        var keep = s.Position;
        s.Position = length - 1;
        var b = (byte)s.ReadByte();
        s.Position = keep;
        return b;
    }

    private static string FreshName(IReadOnlyList<FormField> fields)
    {
        var names = fields.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; ; i++)
        {
            var name = "Seal" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!names.Contains(name))
            {
                return name;
            }
        }
    }

    /// <summary>Appends the widget to the page's /Annots, rewriting only the array object or the page dictionary (all entries kept).</summary>
    private static void AddToAnnots(PdfRevisionReader reader, IncrementalUpdate update, PageInfo page, IndirectReference widget)
    {
        var widgetToken = new IndirectReferenceToken(widget);
        if (page.Dictionary.TryGet(NameToken.Annots, out var annots) && annots is IndirectReferenceToken annotsRef
            && reader.Resolve(annotsRef) is ArrayToken indirectArray)
        {
            update.Add(annotsRef.Data, new ArrayToken([.. indirectArray.Data, widgetToken]));
            return;
        }

        var existing = page.Dictionary.TryGet(NameToken.Annots, out var a) && reader.Resolve(a) is ArrayToken arr ? arr.Data : [];
        update.Add(page.Reference, page.Dictionary.With(NameToken.Annots, new ArrayToken([.. existing, widgetToken])));
    }

    /// <summary>
    /// Adds the field to /AcroForm /Fields with /SigFlags 3 (ISO 32000-1 section 12.7.2, Table 219).
    /// An indirect AcroForm is rewritten in place; otherwise the catalog is rewritten with a new
    /// indirect AcroForm holding every entry the inline one had. Certification adds /Perms /DocMDP.
    /// </summary>
    internal static void AddToAcroForm(PdfRevisionReader reader, IncrementalUpdate update, IndirectReference? field, IndirectReference? certifyingSignature)
    {
        var catalog = reader.Catalog;
        catalog.TryGet(NameToken.AcroForm, out var formToken);
        var form = formToken is null ? null : reader.ResolveDictionary(formToken, "AcroForm");
        form ??= new DictionaryToken(new Dictionary<NameToken, IToken>());
        var existingFields = form.TryGet(NameToken.Fields, out var f) && reader.Resolve(f) is ArrayToken arr ? arr.Data : [];
        var newForm = form
            .With(NameToken.Fields, new ArrayToken(field is { } f2 ? [.. existingFields, new IndirectReferenceToken(f2)] : [.. existingFields]))
            .With(NameToken.SigFlags, new NumericToken(3));

        var catalogChanged = false;
        if (formToken is IndirectReferenceToken formRef && reader.Resolve(formRef) is DictionaryToken)
        {
            update.Add(formRef.Data, newForm);
        }
        else
        {
            var newFormRef = update.Allocate();
            update.Add(newFormRef, newForm);
            catalog = catalog.With(NameToken.AcroForm, new IndirectReferenceToken(newFormRef));
            catalogChanged = true;
        }

        if (certifyingSignature is { } sig)
        {
            var perms = catalog.TryGet(NameToken.Perms, out var p) ? reader.ResolveDictionary(p, "Perms") : null;
            perms ??= new DictionaryToken(new Dictionary<NameToken, IToken>());
            catalog = catalog.With(NameToken.Perms, perms.With(NameToken.Create("DocMDP"), new IndirectReferenceToken(sig)));
            catalogChanged = true;
        }

        if (catalogChanged)
        {
            update.Add(reader.RootReference, catalog);
        }
    }
}
