using Trust.Samples.PdfSealing;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PdfSealing <input.pdf> <output.pdf>");
    return 2;
}

var report = PdfSealingSample.Run(args[0], args[1]);
Console.WriteLine($"verdict: {report.Verdict}");
foreach (var seal in report.Seals)
{
    Console.WriteLine($"  {seal.FieldName}: seal {seal.SealId} ({seal.Department ?? seal.SealName}), {seal.Algorithm}, integrity {seal.Integrity}, certificate {seal.CertificateStatus}, covers whole document: {seal.CoversWholeDocument}");
}

return report.Verdict == Trust.Pdf.PdfDocumentVerdict.Valid ? 0 : 1;
