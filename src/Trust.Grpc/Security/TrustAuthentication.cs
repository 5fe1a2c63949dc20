using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Trust.Core;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Grpc.Hosting;

namespace Trust.Grpc.Security;

/// <summary>
/// Wires authentication (JWT bearer for clerks, mutual TLS client certificates for systems) and
/// the role policies of <see cref="TrustPolicies"/> into the server. Program.cs calls
/// <see cref="AddTrustAuthentication"/> and <see cref="UseTrustAuthentication"/>; nothing else.
/// </summary>
internal static class TrustAuthentication
{
    /// <summary>The default scheme: forwards to <see cref="JwtBearerDefaults.AuthenticationScheme"/> when an Authorization header is sent, else to the certificate scheme when the TLS connection carries a client certificate.</summary>
    public const string Scheme = "Trust";

    /// <summary>HttpContext item that carries why credentials were rejected (for the UNAUTHENTICATED message and the log).</summary>
    internal const string FailureItem = "trust.auth.failure";

    /// <summary>Signature algorithms accepted in tokens: asymmetric only (no <c>none</c>, no HMAC: RFC 8725 section 3.1).</summary>
    internal static readonly string[] AcceptedAlgorithms =
    [
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256,
    ];

    /// <summary>Registers the authentication schemes, the policies, the gRPC-aware refusal handler and the Kestrel client-certificate defaults.</summary>
    /// <exception cref="TrustException">The configuration is not acceptable (production without a token issuer or keys).</exception>
    public static WebApplicationBuilder AddTrustAuthentication(this WebApplicationBuilder builder, TrustServerOptions options, TrustBootstrap boot)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(boot);
        var auth = options.Auth;
        var (issuer, keys, description) = TokenTrust(options, boot.PkiDirectory);
        var (anchors, intermediates) = LoadCertificates(boot.PkiDirectory);

        // TLS endpoints ask for (but do not require) a client certificate; the certificate scheme
        // validates it against this PKI, not the operating system's store.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        }));

        builder.Services.AddSingleton<TrustAccess>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        builder.Services.AddSingleton<IAuthorizationHandler, TrustServiceRequirementHandler>();
        builder.Services
            .AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or client certificate", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                if (!string.IsNullOrWhiteSpace(auth.Authority))
                {
                    o.Authority = auth.Authority;
                    o.RequireHttpsMetadata = true;
                }

                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKeys = keys,
                    ValidAlgorithms = AcceptedAlgorithms,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = ClockSkew(auth),
                    NameClaimType = TrustClaims.Subject,
                    RoleClaimType = TrustClaims.Role,
                    AuthenticationType = JwtBearerDefaults.AuthenticationScheme,
                };
                foreach (var handler in o.TokenHandlers.OfType<JsonWebTokenHandler>())
                {
                    handler.MaximumTokenSizeInBytes = auth.MaxTokenBytes;
                }

                o.Events = new JwtBearerEvents
                {
                    OnAuthenticationFailed = context =>
                    {
                        context.HttpContext.Items[FailureItem] = DescribeTokenFailure(context.Exception);
                        return Task.CompletedTask;
                    },
                };
            })
            .AddCertificate(o =>
            {
                o.AllowedCertificateTypes = CertificateTypes.Chained;
                o.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                o.CustomTrustStore.AddRange(anchors);
                o.AdditionalChainCertificates.AddRange(intermediates);

                // Revocation comes from the PKI's CRLs through the Trust validator below, not from the network.
                o.RevocationMode = X509RevocationMode.NoCheck;
                o.ValidateCertificateUse = true;
                o.ValidateValidityPeriod = true;
                o.Events = new CertificateAuthenticationEvents
                {
                    OnCertificateValidated = context =>
                    {
                        var validator = context.HttpContext.RequestServices.GetRequiredService<CertificateValidator>();
                        var result = validator.Validate(context.ClientCertificate.RawData, [], DateTimeOffset.UtcNow, CertificateUsage.TlsClient);
                        if (!result.IsTrusted)
                        {
                            context.HttpContext.Items[FailureItem] = $"the client certificate is not acceptable ({result.Status}: {string.Join(", ", result.Reasons.Take(3))})";
                            context.Fail("client certificate not acceptable");
                            return Task.CompletedTask;
                        }

                        var claims = ClientCertificateIdentity.ClaimsOf(context.ClientCertificate, context.Options.ClaimsIssuer ?? "trust-pki");
                        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CertificateAuthenticationDefaults.AuthenticationScheme, TrustClaims.Subject, TrustClaims.Role));
                        context.Success();
                        return Task.CompletedTask;
                    },
                    OnAuthenticationFailed = context =>
                    {
                        // Keep the more precise reason of OnCertificateValidated (revoked, expired, ...) when there is one.
                        context.HttpContext.Items.TryAdd(FailureItem, "the client certificate is not trusted by this server's PKI");
                        return Task.CompletedTask;
                    },
                };
            });

        // CRLs are re-read while the server runs; accepted certificates are cached per CRL version (not the framework's sliding cache).
        builder.Services.AddSingleton(sp => new CrlRefresher(boot.Validator, boot.PkiDirectory, options, sp.GetRequiredService<ILogger<CrlRefresher>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CrlRefresher>());
        builder.Services.AddSingleton<ICertificateValidationCache, CertificateResultCache>();
        builder.Services.AddHealthChecks().AddCheck<CrlHealthCheck>(CrlHealthCheck.Name);

        // Streams end when the credentials that opened them expire.
        builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<CredentialExpiryInterceptor>());

        builder.Services.AddAuthorization(a =>
        {
            foreach (var (name, roles) in TrustPolicies.Roles)
            {
                a.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            a.AddPolicy(TrustPolicies.Authenticated, p => p.RequireAuthenticatedUser());

            // trust.v1 methods that carry no [Authorize]/[AllowAnonymous] still need a caller;
            // health, reflection and /healthz stay open.
            a.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new TrustServiceRequirement()).Build();
        });

        builder.Services.AddSingleton(new AuthenticationDescription(description));
        return builder;
    }

    /// <summary>Adds authentication and authorisation to the request pipeline (after routing, before the endpoints).</summary>
    public static WebApplication UseTrustAuthentication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        AuthLog.Configured(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TrustAuthentication)), app.Services.GetRequiredService<AuthenticationDescription>().Text);
        return app;
    }

    /// <summary>Production refuses to start without a token issuer and its keys (an OIDC authority or a key file); development tokens are never accepted there.</summary>
    /// <exception cref="TrustException">Something is missing (the message names the setting).</exception>
    internal static void CheckProduction(TrustServerOptions options)
    {
        var auth = options.Auth;
        if (string.IsNullOrWhiteSpace(auth.Issuer) || (string.IsNullOrWhiteSpace(auth.Authority) && string.IsNullOrWhiteSpace(auth.SigningKeyFile)))
        {
            throw new TrustException("Production mode needs Trust:Auth:Issuer and Trust:Auth:Authority or Trust:Auth:SigningKeyFile for bearer tokens.");
        }

        if (auth.SigningKeyFile is { Length: > 0 } file && !File.Exists(file))
        {
            throw new TrustException($"Production mode: Trust:Auth:SigningKeyFile '{file}' does not exist.");
        }
    }

    /// <summary>The clock skew allowed on token lifetimes (<c>Trust:Auth:ClockSkewSeconds</c>, 0 to 300 s): for opening calls and for ending streams alike.</summary>
    internal static TimeSpan ClockSkew(TrustServerOptions.AuthOptions auth) => TimeSpan.FromSeconds(Math.Clamp(auth.ClockSkewSeconds, 0, 300));

    private static string SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0 && context.Connection.ClientCertificate is not null
            ? CertificateAuthenticationDefaults.AuthenticationScheme
            : JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Why a token was refused, in words that reveal nothing about the keys.</summary>
    internal static string DescribeTokenFailure(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "the bearer token has expired",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet",
        SecurityTokenNoExpirationException => "the bearer token has no expiry",
        SecurityTokenInvalidIssuerException => "the bearer token's issuer is not accepted",
        SecurityTokenInvalidAudienceException => "the bearer token's audience is not accepted",
        SecurityTokenInvalidAlgorithmException => "the bearer token's algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the bearer token's signature is not valid",
        _ => "the bearer token is malformed or not valid",
    };

    private static (string Issuer, List<SecurityKey> Keys, string Description) TokenTrust(TrustServerOptions options, string pkiDirectory)
    {
        var auth = options.Auth;
        var keys = new List<SecurityKey>();
        var sources = new List<string>();
        if (!string.IsNullOrWhiteSpace(auth.SigningKeyFile))
        {
            keys.AddRange(LoadPublicKeys(auth.SigningKeyFile));
            sources.Add("key file " + auth.SigningKeyFile);
        }

        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            sources.Add("authority " + auth.Authority);
        }

        if (options.IsProduction)
        {
            CheckProduction(options);
            return (auth.Issuer!, keys, "bearer tokens from " + string.Join(", ", sources) + "; client certificates of the PKI");
        }

        if (auth.DevelopmentTokens)
        {
            using var key = DevelopmentTokens.LoadOrCreateSigningKey(pkiDirectory);
            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey.ExportSubjectPublicKeyInfo(), out _);
            keys.Add(new ECDsaSecurityKey(ecdsa) { KeyId = DevelopmentTokens.KeyId(key.PublicKey) });
            sources.Add("the DEVELOPMENT token key " + DevelopmentTokens.SigningKeyPath);
        }

        var issuer = string.IsNullOrWhiteSpace(auth.Issuer) ? DevelopmentTokens.Issuer : auth.Issuer;
        return (issuer, keys, $"bearer tokens of issuer {issuer} signed by {string.Join(", ", sources)}; client certificates of the PKI");
    }

    private static List<SecurityKey> LoadPublicKeys(string path)
    {
        var text = File.ReadAllText(path);
        var keys = new List<SecurityKey>();
        foreach (var block in text.Split("-----END PUBLIC KEY-----", StringSplitOptions.RemoveEmptyEntries))
        {
            if (!block.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            {
                continue;
            }

            var pem = block[block.IndexOf("-----BEGIN", StringComparison.Ordinal)..] + "-----END PUBLIC KEY-----";
            try
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(pem);
                keys.Add(new ECDsaSecurityKey(ecdsa));
            }
            catch (CryptographicException)
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                keys.Add(new RsaSecurityKey(rsa));
            }
        }

        if (keys.Count == 0)
        {
            throw new TrustException($"Trust:Auth:SigningKeyFile '{path}' holds no PUBLIC KEY.");
        }

        return keys;
    }

    private static (X509Certificate2Collection Anchors, X509Certificate2Collection Intermediates) LoadCertificates(string pkiDirectory) =>
        (Load(Path.Combine(pkiDirectory, "ca", "trust-anchors.pem")), Load(Path.Combine(pkiDirectory, "ca", "intermediates.pem")));

    private static X509Certificate2Collection Load(string path)
    {
        var collection = new X509Certificate2Collection();
        if (!File.Exists(path))
        {
            return collection;
        }

        foreach (var der in CertificatePem.LoadFile(path))
        {
            try
            {
                collection.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                // A certificate the platform cannot parse cannot anchor a TLS chain either.
            }
        }

        return collection;
    }

    /// <summary>One line saying what the server accepts, for the log at start.</summary>
    internal sealed record AuthenticationDescription(string Text);
}

/// <summary>Fallback requirement: a trust.v1 gRPC method needs an authenticated caller; other endpoints (health, reflection, /healthz) need nothing.</summary>
internal sealed class TrustServiceRequirement : IAuthorizationRequirement;

/// <summary>Evaluates <see cref="TrustServiceRequirement"/>.</summary>
internal sealed class TrustServiceRequirementHandler : AuthorizationHandler<TrustServiceRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TrustServiceRequirement requirement)
    {
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint();
        var grpc = endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>();
        var needsCaller = grpc is not null && grpc.Method.ServiceName.StartsWith("trust.", StringComparison.Ordinal);
        if (!needsCaller || context.User.Identity?.IsAuthenticated == true)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
