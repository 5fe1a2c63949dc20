using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Grpc.Hosting;
using Trust.Storage;

namespace Trust.Grpc.Grants;

/// <summary>Wires trust.v1.GrantService into the server (one line each in Program.cs).</summary>
internal static class GrantServiceExtensions
{
    /// <summary>Registers the grant machinery (<see cref="GrantAuthority"/>) over the server's PKI and store.</summary>
    public static IServiceCollection AddTrustGrants(this IServiceCollection services, TrustBootstrap boot)
    {
        services.AddSingleton(sp => new GrantAuthority(
            boot.PkiDirectory,
            boot.Manifest,
            DevelopmentPki.ResolvePassphrase(),
            sp.GetRequiredService<TrustStore>(),
            boot.Validator,
            sp.GetRequiredService<LicenceVerifier>(),
            sp.GetRequiredService<TrustServerOptions>().Verification.Grant));
        return services;
    }

    /// <summary>Maps trust.v1.GrantService (gRPC, and its JSON routes when transcoding is on).</summary>
    public static IEndpointRouteBuilder MapTrustGrants(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<GrantGrpcService>();
        return app;
    }
}
