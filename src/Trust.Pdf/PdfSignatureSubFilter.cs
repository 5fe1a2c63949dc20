namespace Trust.Pdf;

/// <summary>The /SubFilter of the signature dictionary (ISO 32000-2 section 12.8.3).</summary>
public enum PdfSignatureSubFilter
{
    /// <summary>ETSI.CAdES.detached (PAdES baseline, ETSI EN 319 142-1). The default.</summary>
    EtsiCadesDetached = 0,

    /// <summary>adbe.pkcs7.detached, for older readers.</summary>
    AdbePkcs7Detached = 1,
}
