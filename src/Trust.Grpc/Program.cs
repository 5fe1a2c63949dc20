using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Trust.Core;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Grpc.Errors;
using Trust.Grpc.Hosting;
using Trust.Grpc.Services;
using Trust.Grpc.Verification;
using Trust.Storage;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(TrustServerOptions.Section).Get<TrustServerOptions>() ?? new TrustServerOptions();

TrustBootstrap boot;
TrustStore store;
try
{
    boot = TrustBootstrap.Prepare(options, builder.Configuration, Console.Out);
    store = await TrustStores.OpenAsync(boot.StoreSpec).ConfigureAwait(false);
}
catch (TrustException ex)
{
    await Console.Error.WriteLineAsync("Trust server cannot start: " + ex.Message).ConfigureAwait(false);
    return 2;
}

await using (store.ConfigureAwait(false))
{
    var statusSource = new BoundedStatusSource(new StoreStatusSource(store), TimeSpan.FromMilliseconds(options.StatusBoundMilliseconds));
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(store);
    builder.Services.AddSingleton<ILicenceStore>(store);
    builder.Services.AddSingleton<IAuditLog>(store);
    builder.Services.AddSingleton(boot.Validator);
    builder.Services.AddSingleton(statusSource);
    builder.Services.AddSingleton(new LicenceVerifier(boot.Validator, statusSource));
    builder.Services.AddSingleton(_ => new DepartmentIssuers(boot.PkiDirectory, boot.Manifest, DevelopmentPki.ResolvePassphrase(), store, store));

    builder.Services.AddGrpc(grpc =>
    {
        grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        grpc.EnableDetailedErrors = false;
        grpc.Interceptors.Add<ErrorInterceptor>();
    });
    builder.Services.AddGrpcHealthChecks();
    builder.Services.AddGrpcReflection();

    var app = builder.Build();
    app.MapGrpcService<LicenceGrpcService>();
    app.MapGrpcService<StatusGrpcService>();
    // trust.v1.GrantService and trust.v1.SealService are defined in the protos but not implemented:
    // they are not mapped, so their calls return UNIMPLEMENTED.
    app.MapGrpcHealthChecksService();
    app.MapGrpcReflectionService();
    app.MapGet("/healthz", () => Results.Text("ok"));

    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [], boot, Console.Out));

    await app.RunAsync().ConfigureAwait(false);
}

return 0;

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
