namespace Trust.Pdf.Tests.Support;

/// <summary>Shortcuts for sealing in tests.</summary>
internal static class Sealing
{
    public static PdfSealOptions Options(TestPki pki, Action<PdfSealOptionsBuilder>? configure = null)
    {
        var b = new PdfSealOptionsBuilder();
        configure?.Invoke(b);
        return new PdfSealOptions
        {
            Key = pki.Key,
            CertificateChain = pki.Chain,
            Seal = b.Seal ?? TestSeal.Create(pki),
            Page = b.Page,
            XMm = b.XMm,
            YMm = b.YMm,
            Reason = "Approved",
            Location = "Test City",
            Certify = b.Certify,
            SubFilter = b.SubFilter,
            Algorithm = b.Algorithm,
            FieldName = b.FieldName,
            ContentsSize = b.ContentsSize,
            TimestampClient = b.TimestampClient,
        };
    }

    public static byte[] Seal(byte[] pdf, TestPki pki, Action<PdfSealOptionsBuilder>? configure = null)
    {
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        PdfSealer.Seal(input, output, Options(pki, configure));
        return output.ToArray();
    }

    internal sealed class PdfSealOptionsBuilder
    {
        public int Page { get; set; } = 1;

        public double XMm { get; set; } = 30;

        public double YMm { get; set; } = 30;

        public bool Certify { get; set; }

        public PdfSignatureSubFilter SubFilter { get; set; }

        public Trust.Core.Crypto.SignatureAlgorithm? Algorithm { get; set; }

        public string? FieldName { get; set; }

        public int? ContentsSize { get; set; }

        public PdfSealData? Seal { get; set; }

        public Trust.Core.Timestamps.ITimestampClient? TimestampClient { get; set; }
    }
}
