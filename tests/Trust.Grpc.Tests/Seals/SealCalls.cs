using Google.Protobuf;
using Grpc.Core;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Seals;

/// <summary>Client side of the streamed seal calls: a header, then the PDF in chunks of a chosen size.</summary>
internal static class SealCalls
{
    public const int ChunkBytes = 16 * 1024;

    /// <summary>Seals <paramref name="input"/> over gRPC and writes the sealed PDF to <paramref name="output"/>.</summary>
    /// <exception cref="RpcException">The server refused (its status, whenever it ended the call).</exception>
    public static async Task<SealPdfResult> SealAsync(SealService.SealServiceClient client, SealPdfHeader header, Stream input, Stream output, int chunkBytes = ChunkBytes, CancellationToken cancellationToken = default)
    {
        using var call = client.SealPdf(cancellationToken: cancellationToken);
        var reading = ReadSealedAsync(call.ResponseStream, output, cancellationToken);
        await SendAsync(call.RequestStream, new SealPdfRequest { Header = header }, input, data => new SealPdfRequest { Chunk = new PdfChunk { Data = data } }, chunkBytes, cancellationToken);
        return await reading;
    }

    public static async Task<(SealPdfResult Result, byte[] Pdf)> SealAsync(SealService.SealServiceClient client, SealPdfHeader header, byte[] pdf, int chunkBytes = ChunkBytes)
    {
        using var input = new MemoryStream(pdf);
        using var output = new MemoryStream();
        var result = await SealAsync(client, header, input, output, chunkBytes);
        return (result, output.ToArray());
    }

    /// <summary>Verifies <paramref name="input"/> over gRPC.</summary>
    public static async Task<VerifyPdfResponse> VerifyAsync(SealService.SealServiceClient client, Stream input, long declaredSize = -1, int chunkBytes = ChunkBytes)
    {
        using var call = client.VerifyPdf();
        var size = declaredSize >= 0 ? declaredSize : input.CanSeek ? input.Length : 0;
        await SendAsync(call.RequestStream, new VerifyPdfRequest { Header = new VerifyPdfHeader { Size = size } }, input, data => new VerifyPdfRequest { Chunk = new PdfChunk { Data = data } }, chunkBytes, CancellationToken.None);
        return await call.ResponseAsync;
    }

    public static async Task<VerifyPdfResponse> VerifyAsync(SealService.SealServiceClient client, byte[] pdf)
    {
        using var input = new MemoryStream(pdf);
        return await VerifyAsync(client, input);
    }

    private static async Task SendAsync<TRequest>(IClientStreamWriter<TRequest> requests, TRequest header, Stream input, Func<ByteString, TRequest> chunk, int chunkBytes, CancellationToken cancellationToken)
    {
        try
        {
            await requests.WriteAsync(header, cancellationToken);
            var buffer = new byte[chunkBytes];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await requests.WriteAsync(chunk(ByteString.CopyFrom(buffer, 0, read)), cancellationToken);
            }

            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The server ended the call before reading everything (a refusal): its status comes with the response.
        }
    }

    private static async Task<SealPdfResult> ReadSealedAsync(IAsyncStreamReader<SealPdfResponse> responses, Stream output, CancellationToken cancellationToken)
    {
        Assert.True(await responses.MoveNext(cancellationToken), "no response message");
        Assert.Equal(SealPdfResponse.PartOneofCase.Result, responses.Current.PartCase);
        var result = responses.Current.Result;
        while (await responses.MoveNext(cancellationToken))
        {
            Assert.Equal(SealPdfResponse.PartOneofCase.Chunk, responses.Current.PartCase);
            responses.Current.Chunk.Data.WriteTo(output);
        }

        return result;
    }
}
