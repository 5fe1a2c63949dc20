using Grpc.Core;
using Grpc.Net.Client;
using Trust.Core.Pki.Development;

namespace Trust.LoadGen;

/// <summary>
/// One gRPC channel to the server (HTTP/2, several connections allowed so that many concurrent
/// calls are not limited by one connection's stream limit) and the headers every call carries.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    private ServerConnection(string target, GrpcChannel channel, Metadata headers, TimeSpan deadline)
    {
        Target = target;
        Channel = channel;
        Headers = headers;
        Deadline = deadline;
    }

    public string Target { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Sent with every call (the bearer token when one is given).</summary>
    public Metadata Headers { get; }

    /// <summary>Per-call deadline.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>
    /// Reads <c>--target</c>, the caller's token (<c>--token</c>, <c>--token-file</c>, or
    /// <c>--pki DIR</c> to mint a development token with <c>--role</c>, default <paramref name="defaultRole"/>, for all the
    /// PKI's departments, the way <c>trust token</c> does) and <c>--deadline</c>.
    /// </summary>
    public static ServerConnection Open(CommandLine line, string defaultRole = "admin")
    {
        ArgumentNullException.ThrowIfNull(line);
        var target = line.Text("target", "http://127.0.0.1:5080")!;
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--target: expected http://host:port or https://host:port, got '{target}'");
        }

        var token = line.Text("token") ?? (line.Text("token-file") is { } file ? File.ReadAllText(file).Trim() : null);
        var pki = line.Text("pki");
        var roles = line.Text("role", defaultRole)!;
        if (token is null && pki is not null)
        {
            token = MintDevelopmentToken(pki, roles);
        }

        var deadline = line.Seconds("deadline", 30);
        var headers = new Metadata();
        if (!string.IsNullOrEmpty(token))
        {
            headers.Add("authorization", "Bearer " + token);
        }

        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        };
        var channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
            DisposeHttpClient = true,
        });
        return new ServerConnection(target, channel, headers, deadline);
    }

    /// <summary>A development bearer token (signed with the PKI folder's token key) for <paramref name="roles"/> (comma-separated) and every department of the PKI, valid for a day.</summary>
    internal static string MintDevelopmentToken(string pkiDirectory, string roles)
    {
        var request = new DevelopmentTokenRequest { Subject = "trust-loadgen", Lifetime = TimeSpan.FromHours(23) };
        foreach (var role in roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            request.Roles.Add(role);
        }

        foreach (var department in DevelopmentPkiManifest.Load(pkiDirectory).Departments)
        {
            request.Departments.Add(department.Code);
        }

        return DevelopmentTokens.Mint(pkiDirectory, request);
    }

    /// <summary>Call options for one call: the headers, the deadline and the phase's cancellation.</summary>
    public CallOptions Call(CancellationToken cancellationToken) =>
        new(Headers, DateTime.UtcNow + Deadline, cancellationToken);

    public void Dispose() => Channel.Dispose();
}
