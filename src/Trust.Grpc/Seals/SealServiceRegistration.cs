using Trust.Core.Pki.Development;
using Trust.Core.Storage;
using Trust.Grpc.Hosting;
using Trust.Storage;

namespace Trust.Grpc.Seals;

/// <summary>Registers what trust.v1.SealService needs (one line in Program.cs).</summary>
internal static class SealServiceRegistration
{
    /// <summary>Adds the PKI's seals and department sealing keys (or the remote seal platform that signs for them), the store as the seal revocation list, the spool folder and the licence files (trust.v1.LicenceFileService, clerk page download).</summary>
    public static WebApplicationBuilder AddTrustSeals(this WebApplicationBuilder builder, TrustBootstrap boot, TrustServerOptions options)
    {
        builder.Services.AddSingleton(_ => new PdfSpoolDirectory(SpoolFile.PrepareDirectory(options.Pdf.SpoolDirectory)));
        builder.Services.AddSingleton(_ => new DepartmentSeals(boot.PkiDirectory, boot.Manifest, DevelopmentPki.ResolvePassphrase()));
        builder.Services.AddSingleton<ISealRegistryStore>(services => services.GetRequiredService<TrustStore>());
        // Trust:SealPlatform:Address: seal through a remote platform (settings checked at start by ConfigurationCheck).
        builder.Services.AddSingleton(services => new ServerSealing(
            services.GetRequiredService<DepartmentSeals>(), SealPlatformSettings.Open(options.SealPlatform), boot.Validator));
        builder.Services.AddSingleton(services => new Services.SealPlatformHost(services.GetRequiredService<DepartmentSeals>(), services.GetRequiredService<TrustStore>()));
        builder.Services.AddSingleton<LicenceFiles>();
        return builder;
    }
}

/// <summary>The full path of the prepared spool folder (see <see cref="SpoolFile.PrepareDirectory"/>).</summary>
internal sealed record PdfSpoolDirectory(string Path);
