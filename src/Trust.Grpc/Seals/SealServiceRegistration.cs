using Trust.Core.Pki.Development;
using Trust.Core.Storage;
using Trust.Grpc.Hosting;
using Trust.Storage;

namespace Trust.Grpc.Seals;

/// <summary>Registers what trust.v1.SealService needs (one line in Program.cs).</summary>
internal static class SealServiceRegistration
{
    /// <summary>Adds the PKI's seals and department sealing keys, and the store as the seal revocation list.</summary>
    public static WebApplicationBuilder AddTrustSeals(this WebApplicationBuilder builder, TrustBootstrap boot)
    {
        builder.Services.AddSingleton(_ => new DepartmentSeals(boot.PkiDirectory, boot.Manifest, DevelopmentPki.ResolvePassphrase()));
        builder.Services.AddSingleton<ISealRegistryStore>(services => services.GetRequiredService<TrustStore>());
        return builder;
    }
}
