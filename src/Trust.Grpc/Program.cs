using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Trust.Core;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Grpc.Caching;
using Trust.Grpc.Errors;
using Trust.Grpc.Grants;
using Trust.Grpc.Hosting;
using Trust.Grpc.JsonApi;
using Trust.Grpc.Limits;
using Trust.Grpc.Seals;
using Trust.Grpc.Security;
using Trust.Grpc.Services;
using Trust.Grpc.Telemetry;
using Trust.Grpc.Timestamps;
using Trust.Grpc.Verification;
using Trust.Storage;

// appsettings.json (with the named Kestrel endpoints) is read from next to the program, so the
// server behaves the same whatever the current directory; relative Trust:Pki paths still resolve
// against the current directory (see TrustBootstrap.ResolvePkiDirectory).
ParentWatch.StartIfAsked();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (!ConfigurationCheck.Passes(builder.Configuration, Console.Error)) return ConfigurationCheck.ExitCode;
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
    builder.AddTrustCaching(options, boot, store);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(store);
    builder.Services.AddSingleton<ILicenceStore>(store);
    builder.Services.AddSingleton<IAuditLog>(store);
    builder.Services.AddSingleton(boot.Validator);
    builder.Services.AddSingleton(_ => new DepartmentIssuers(boot.PkiDirectory, boot.Manifest, DevelopmentPki.ResolvePassphrase(), store));
    builder.AddTrustSeals(boot, options);
    builder.AddTrustLimits(options);

    builder.Services.AddGrpc(grpc =>
    {
        grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        grpc.EnableDetailedErrors = false;
        grpc.Interceptors.Add<ErrorInterceptor>();
    });
    // grpc.health.v1 reports UNKNOWN when no check is registered: the store check is the real one.
    builder.Services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");
    // Publish health at once instead of after the default 5 s delay (until then grpc.health.v1 says UNKNOWN).
    builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckPublisherOptions>(o =>
    {
        o.Delay = TimeSpan.Zero;
        o.Period = TimeSpan.FromSeconds(10);
    });
    builder.Services.AddGrpcReflection();
    builder.AddTrustTelemetry();
    builder.AddTrustAuthentication(options, boot);
    builder.Services.AddTrustGrants(boot);
    builder.Services.AddTrustJsonApi();
    builder.Services.AddTrustTimestamps(boot, options);

    var app = builder.Build();
    app.UseTrustAuthentication();
    app.UseTrustLimits();
    app.UseTrustJsonApi();
    app.MapGrpcService<LicenceGrpcService>();
    app.MapGrpcService<StatusGrpcService>();
    app.MapGrpcService<SealGrpcService>();
    app.MapGrpcService<SealPlatformGrpcService>();
    app.MapGrpcService<LicenceFileGrpcService>();
    app.MapTrustGrants();
    app.MapGrpcHealthChecksService();
    app.MapGrpcReflectionService();
    app.MapTrustHealth();
    app.MapTrustCounters();
    app.MapTrustClerkPage();
    app.MapTrustTimestamps();

    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [], boot, Console.Out));

    await app.RunAsync().ConfigureAwait(false);
}

return 0;

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
