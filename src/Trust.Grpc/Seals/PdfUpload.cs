using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;

namespace Trust.Grpc.Seals;

/// <summary>
/// A PDF received as a stream of chunk messages and spooled to a private temporary file (<see cref="SpoolFile"/>),
/// never held in memory as a whole. The bytes are counted as they arrive: more than the declared size stops
/// reading with INVALID_ARGUMENT, more than the server's limit with RESOURCE_EXHAUSTED; in both cases, and on
/// cancellation, the file is deleted before the error leaves. Disposing deletes the file.
/// </summary>
internal sealed class PdfUpload : IDisposable
{
    private FileStream? _file;

    private PdfUpload(FileStream file, long length, byte[] sha256)
    {
        _file = file;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>The spooled PDF, positioned at its start (readable, writable, seekable).</summary>
    public FileStream File => _file ?? throw new ObjectDisposedException(nameof(PdfUpload));

    /// <summary>Number of bytes received.</summary>
    public long Length { get; }

    /// <summary>SHA-256 of the bytes received.</summary>
    public byte[] Sha256 { get; }

    /// <summary>
    /// Checks the size declared in the header against the limit, before reading any chunk.
    /// </summary>
    /// <exception cref="RpcException">INVALID_ARGUMENT for a negative size, RESOURCE_EXHAUSTED over the limit.</exception>
    public static void CheckDeclaredSize(string field, long declared, long limit)
    {
        if (declared < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: must not be negative"));
        }

        if (declared > limit)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"{field}: {declared} bytes is over the server's PDF size limit of {limit} bytes"));
        }
    }

    /// <summary>
    /// Reads the remaining messages of <paramref name="requests"/> as chunks into a new spool file.
    /// </summary>
    /// <param name="requests">The request stream, after its header message.</param>
    /// <param name="chunkOf">The chunk bytes of one message; throws INVALID_ARGUMENT for a message that is not a chunk.</param>
    /// <param name="declared">The size the header declared (0: not declared).</param>
    /// <param name="limit">The server's PDF size limit.</param>
    /// <param name="directory">The spool folder.</param>
    /// <param name="cancellationToken">The call's cancellation (client cancel or deadline).</param>
    /// <exception cref="RpcException">Too many bytes, fewer bytes than declared, no bytes, or a message that is not a chunk.</exception>
    public static async Task<PdfUpload> ReceiveAsync<TRequest>(
        IAsyncStreamReader<TRequest> requests, Func<TRequest, ByteString> chunkOf, long declared, long limit, string directory, CancellationToken cancellationToken)
    {
        var file = SpoolFile.Create(directory);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0;
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var data = chunkOf(requests.Current);
                received += data.Length;
                if (received > limit)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted, $"chunk: the PDF is over the server's PDF size limit of {limit} bytes"));
                }

                if (declared > 0 && received > declared)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"chunk: more bytes than header.size declared ({declared})"));
                }

                hash.AppendData(data.Span);
                await file.WriteAsync(data.Memory, cancellationToken).ConfigureAwait(false);
            }

            if (received == 0)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "chunk: no PDF bytes received"));
            }

            if (declared > 0 && received != declared)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"header.size: declared {declared} bytes but the stream ended after {received}"));
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return new PdfUpload(file, received, hash.GetHashAndReset());
        }
        catch
        {
            SpoolFile.Delete(file);
            throw;
        }
    }

    public void Dispose()
    {
        SpoolFile.Delete(_file);
        _file = null;
    }
}
