using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Documents;
using Trust.Grpc.Seals;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Services;

/// <summary>
/// trust.v1.LicenceFileService: the sealed archival file (OFD or PDF/A-3b) of a licence, for the issuing department
/// or a clerk with a grant covering it. Any authenticated caller may ask; who gets the file is decided in
/// <see cref="LicenceFiles"/> (shared with the clerk page's download).
/// </summary>
internal sealed class LicenceFileGrpcService : LicenceFileService.LicenceFileServiceBase
{
    private readonly LicenceFiles _files;

    public LicenceFileGrpcService(LicenceFiles files) => _files = files;

    [Authorize(Policy = TrustPolicies.Authenticated)]
    public override async Task<V1.LicenceFile> GetLicenceFile(GetLicenceFileRequest request, ServerCallContext context)
    {
        GrantSource? grant = request.GrantInputCase switch
        {
            GetLicenceFileRequest.GrantInputOneofCase.Grant => new GrantSource(GrantSourceKind.Bytes, request.Grant.Memory, null),
            GetLicenceFileRequest.GrantInputOneofCase.QrText => new GrantSource(GrantSourceKind.QrText, default, request.QrText),
            GetLicenceFileRequest.GrantInputOneofCase.ShortCode => new GrantSource(GrantSourceKind.ShortCode, default, request.ShortCode),
            _ => null,
        };
        var ask = new LicenceFileAsk(request.LicenceId, request.Format, request.SealId, grant, request.ServiceItem, request.Department);
        var file = await _files.GetAsync(context.GetHttpContext(), context.Method, ask).ConfigureAwait(false);
        return new V1.LicenceFile
        {
            File = ByteString.CopyFrom(file.Bytes),
            Format = LicenceFileFormats.ToText(file.Format),
            SealId = file.SealId,
            Sha256 = file.Sha256,
            FileName = file.FileName,
            LicenceId = file.LicenceId,
            Size = file.Bytes.Length,
        };
    }
}
