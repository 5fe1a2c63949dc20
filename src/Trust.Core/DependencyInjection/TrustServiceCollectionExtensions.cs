using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Trust.Core.DependencyInjection;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Trust.Core's verifiers, licence issuing, seal services and its in-memory store in an <see cref="IServiceCollection"/>.</summary>
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
        services.AddOptions<TrustVerificationOptions>().Configure(configure);
        AddCertificateValidation(services);
        AddLicenceVerifier(services);
        services.TryAddSingleton(sp => new GrantChecker(
            sp.GetRequiredService<ICertificateValidator>(),
            sp.GetRequiredService<IGrantStore>(),
            sp.GetRequiredService<ILicenceStore>(),
            sp.GetRequiredService<LicenceVerifier>(),
            sp.GetRequiredService<IAuditLog>(),
            sp.GetService<IAtomicGrantConsumption>(),
            timeProvider: Options(sp).TimeProvider,
            limits: Options(sp).GrantLimits));
        return services;
    }

    /// <summary>
    /// Registers licence issuing and verification as singletons: the <see cref="LicenceVerifier"/> (as
    /// <see cref="AddTrustVerification"/> does, from <see cref="TrustVerificationOptions"/>) and, when
    /// <see cref="TrustLicenceOptions.Issuer"/> is set, the department's <see cref="LicenceIssuer"/> (which allocates in the
    /// registered <see cref="ILicenceStore"/> and records the licence with its audit entry in one step through the registered
    /// <see cref="IAuditedWriteStore"/>). Trust anchors are configured with
    /// <see cref="AddTrustVerification"/>. Both options are validated when first resolved and, under a generic host, on
    /// start (<see cref="OptionsValidationException"/> naming the field: no trust anchor, a bad department code, a missing
    /// key, chain or status list); the issuer's own checks (key matches the leaf certificate, licence-issuer role of the
    /// department, RFC 5280 profile) run when the <see cref="LicenceIssuer"/> is first resolved and throw
    /// <see cref="Trust.Core.TrustKeyException"/> or <see cref="Trust.Core.TrustFormatException"/>.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTrustLicences(this IServiceCollection services, Action<TrustLicenceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TrustLicenceOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustLicenceOptions>, TrustLicenceOptionsValidator>());
        AddCertificateValidation(services);
        AddLicenceVerifier(services);
        services.TryAddSingleton(sp =>
        {
            var issuer = sp.GetRequiredService<IOptions<TrustLicenceOptions>>().Value.Issuer
                ?? throw new InvalidOperationException("AddTrustLicences: TrustLicenceOptions.Issuer is not set, so this container verifies licences but does not issue them");
            var o = Options(sp);
            return new LicenceIssuer(issuer, sp.GetRequiredService<ILicenceStore>(), sp.GetRequiredService<IAuditedWriteStore>(), o.Catalog, o.TimeProvider);
        });
        return services;
    }

    /// <summary>
    /// Registers the GB/T 38540 seal services as singletons built from <see cref="TrustSealOptions"/>: the
    /// <see cref="SealRegistry"/> of the seals (revocations from the registered <see cref="ISealRevocationSource"/>, else in
    /// memory), the <see cref="SealSignatureVerifier"/> (certificate trust from <see cref="AddTrustVerification"/>), the
    /// <see cref="SealSigner"/> and, when <see cref="TrustSealOptions.Keys"/> has entries, a <see cref="KeySealProvider"/> as
    /// <see cref="ISealProvider"/> (a provider registered before, such as a CSC service, is kept). Options are validated when
    /// first resolved and, under a generic host, on start (<see cref="OptionsValidationException"/>: no trust anchor,
    /// duplicate seal identifiers or department keys, a key without chain or without a seal of its department).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTrustSeals(this IServiceCollection services, Action<TrustSealOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TrustSealOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustSealOptions>, TrustSealOptionsValidator>());
        AddCertificateValidation(services);
        services.TryAddSingleton(sp => new SealRegistry(
            SealOptions(sp).Seals, sp.GetService<ISealRevocationSource>(), Options(sp).TimeProvider));
        services.TryAddSingleton(sp =>
        {
            var o = SealOptions(sp);
            return new SealSignatureVerifier(
                sp.GetRequiredService<ICertificateValidator>(),
                sp.GetRequiredService<SealRegistry>().Revocations,
                [.. o.Intermediates],
                new HashSet<string>(o.KnownExtensions, StringComparer.Ordinal));
        });
        services.TryAddSingleton(sp => new SealSigner(sp.GetRequiredService<SealRegistry>().Revocations, Options(sp).TimeProvider));
        services.TryAddSingleton<ISealProvider>(sp =>
        {
            var o = SealOptions(sp);
            return o.Keys.Count > 0
                ? new KeySealProvider(sp.GetRequiredService<SealRegistry>(), o.Keys, o.OwnsKeys)
                : throw new InvalidOperationException("AddTrustSeals: TrustSealOptions.Keys is empty and no ISealProvider was registered, so this container verifies seals but cannot sign");
        });
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

    /// <summary>The validated <see cref="TrustVerificationOptions"/> and the <see cref="ICertificateValidator"/> built from them (once).</summary>
    private static void AddCertificateValidation(IServiceCollection services)
    {
        services.AddOptions<TrustVerificationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustVerificationOptions>, TrustVerificationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustVerificationOptions>, LimitsValidation>());
        services.TryAddSingleton<ICertificateValidator>(sp =>
        {
            var o = Options(sp);
            return new CertificateValidator(o.TrustAnchors, o.Intermediates, o.Crls);
        });
    }

    private static void AddLicenceVerifier(IServiceCollection services) =>
        services.TryAddSingleton(sp =>
        {
            var o = Options(sp);
            return new LicenceVerifier(sp.GetRequiredService<ICertificateValidator>(), StatusSource(sp, o), o.Catalog, o.TimeProvider, o.LicenceLimits);
        });

    /// <summary>Every limit in its range: a failure names the options property and the limit (<c>LicenceLimits.MaxInputBytes must be between 1 and 65536.</c>).</summary>
    private sealed class LimitsValidation : IValidateOptions<TrustVerificationOptions>
    {
        public ValidateOptionsResult Validate(string? name, TrustVerificationOptions options)
        {
            var failures = new List<string>();
            Check(nameof(options.LicenceLimits), options.LicenceLimits is null ? null : options.LicenceLimits.Validate, failures);
            Check(nameof(options.GrantLimits), options.GrantLimits is null ? null : options.GrantLimits.Validate, failures);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        private static void Check(string property, Action? validate, List<string> failures)
        {
            if (validate is null)
            {
                failures.Add($"TrustVerificationOptions.{property} is required");
                return;
            }

            try
            {
                validate();
            }
            catch (ArgumentOutOfRangeException ex)
            {
                failures.Add($"TrustVerificationOptions.{property}.{ex.Message}");
            }
        }
    }

    private static TrustVerificationOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TrustVerificationOptions>>().Value;

    private static TrustSealOptions SealOptions(IServiceProvider services) => services.GetRequiredService<IOptions<TrustSealOptions>>().Value;

    private static ILicenceStatusSource StatusSource(IServiceProvider services, TrustVerificationOptions options) =>
        options.StatusSource
        ?? services.GetService<ILicenceStatusSource>()
        ?? (services.GetService<ILicenceStore>() is { } store
            ? new StoreStatusSource(store)
            : throw new InvalidOperationException(
                "AddTrustVerification: no licence status source; set TrustVerificationOptions.StatusSource, or register an ILicenceStatusSource or an ILicenceStore (for example services.AddTrustInMemoryStore())"));
}
