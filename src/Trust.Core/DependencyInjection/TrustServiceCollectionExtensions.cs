using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Trust.Core.DependencyInjection;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Trust.Core's verifiers and its in-memory store in an <see cref="IServiceCollection"/>.</summary>
public static class TrustServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons built from <see cref="TrustVerificationOptions"/>: the <see cref="ICertificateValidator"/>
    /// (trust anchors, intermediates, CRLs), the <see cref="LicenceVerifier"/> and the <see cref="GrantChecker"/> (which
    /// also needs <see cref="IGrantStore"/>, <see cref="ILicenceStore"/> and <see cref="IAuditLog"/> in the container, for
    /// example from <see cref="AddTrustInMemoryStore"/> or Trust.Storage). Registrations already present are kept.
    /// The options are validated when first resolved and, under a generic host, on start: no trust anchor is an
    /// <see cref="OptionsValidationException"/>.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTrustVerification(this IServiceCollection services, Action<TrustVerificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TrustVerificationOptions>()
            .Configure(configure)
            .Validate(o => o.TrustAnchors.Count > 0, "TrustVerificationOptions.TrustAnchors: at least one trust anchor (a DER root certificate) is required")
            .Validate(o => o.TrustAnchors.Concat(o.Intermediates).Concat(o.Crls).All(d => d is { Length: > 0 }), "TrustVerificationOptions: a certificate or CRL is empty")
            .ValidateOnStart();
        services.TryAddSingleton<ICertificateValidator>(sp =>
        {
            var o = Options(sp);
            return new CertificateValidator(o.TrustAnchors, o.Intermediates, o.Crls);
        });
        services.TryAddSingleton(sp =>
        {
            var o = Options(sp);
            return new LicenceVerifier(sp.GetRequiredService<ICertificateValidator>(), StatusSource(sp, o), o.Catalog, o.TimeProvider);
        });
        services.TryAddSingleton(sp => new GrantChecker(
            sp.GetRequiredService<ICertificateValidator>(),
            sp.GetRequiredService<IGrantStore>(),
            sp.GetRequiredService<ILicenceStore>(),
            sp.GetRequiredService<LicenceVerifier>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetService<IAtomicGrantConsumption>(),
            timeProvider: Options(sp).TimeProvider));
        return services;
    }

    /// <summary>
    /// Registers one <see cref="InMemoryTrustStore"/> as every store interface of Trust.Core (<see cref="ILicenceStore"/>,
    /// <see cref="IAuditLog"/>, <see cref="IGrantStore"/>, <see cref="IGrantCodeStore"/>, <see cref="ISealRegistryStore"/>,
    /// <see cref="IAuditedWriteStore"/>, <see cref="IAtomicGrantConsumption"/>, <see cref="ISealRevocationSource"/>).
    /// Registrations already present are kept.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTrustInMemoryStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InMemoryTrustStore>();
        services.TryAddSingleton<ILicenceStore>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<IGrantStore>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<IGrantCodeStore>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<ISealRegistryStore>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<IAuditedWriteStore>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<IAtomicGrantConsumption>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        services.TryAddSingleton<ISealRevocationSource>(sp => sp.GetRequiredService<InMemoryTrustStore>());
        return services;
    }

    private static TrustVerificationOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TrustVerificationOptions>>().Value;

    private static ILicenceStatusSource StatusSource(IServiceProvider services, TrustVerificationOptions options) =>
        options.StatusSource
        ?? services.GetService<ILicenceStatusSource>()
        ?? (services.GetService<ILicenceStore>() is { } store
            ? new StoreStatusSource(store)
            : throw new InvalidOperationException(
                "AddTrustVerification: no licence status source; set TrustVerificationOptions.StatusSource, or register an ILicenceStatusSource or an ILicenceStore (for example services.AddTrustInMemoryStore())"));
}
