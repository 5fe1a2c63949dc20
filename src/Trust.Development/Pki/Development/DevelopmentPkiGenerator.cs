using System.Net;
using System.Security.Cryptography.X509Certificates;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Pki.Development;

/// <summary>Generates the files of a development PKI into a (staging) folder. See <see cref="DevelopmentPki"/>.</summary>
internal sealed class DevelopmentPkiGenerator(string root, string passphrase, DevelopmentPkiOptions options)
{
    internal const string Organization = "Trust Development PKI (NOT FOR PRODUCTION)";
    internal const string DepartmentOrganization = "示范市人民政府 Demo City Government (DEVELOPMENT)";

    /// <summary>Key id of the RSA time-stamp authority in the manifest.</summary>
    internal const string TsaRsaKeyId = "tsa-rsa";

    /// <summary>Key id of the SM2 time-stamp authority in the manifest.</summary>
    internal const string TsaSm2KeyId = "tsa-sm2";

    private readonly DateTimeOffset _now = options.Now ?? DateTimeOffset.UtcNow;
    private readonly List<PkiAuthority> _authorities = [];
    private readonly List<PkiCertifiedKey> _keys = [];
    private readonly Dictionary<string, (byte[] Cert, SigningKey Key)> _cas = [];
    private readonly List<(string CaId, byte[] Serial)> _revoked = [];

    internal DevelopmentPkiManifest Generate()
    {
        try
        {
            Report("root and issuing CAs");
            CreateRoot("sm2-root", "SM2", Sm2SigningKey.Generate(), "Trust Dev SM2 Root CA");
            CreateRoot("rsa-root", "RSA", RsaSigningKey.Generate(3072), "Trust Dev RSA Root CA");
            CreateIssuing("sm2-issuing", "SM2", Sm2SigningKey.Generate(), "Trust Dev SM2 Issuing CA", "sm2-root");
            CreateIssuing("rsa-issuing", "RSA", RsaSigningKey.Generate(), "Trust Dev RSA Issuing CA", "rsa-root");

            Report("seal makers, grant and status-list keys");
            CreateLeaf("seal-maker-sm2", "makes electronic seals (GB/T 38540 SES_Seal), SM2", "keys/seal-maker-sm2", Sm2SigningKey.Generate(), "sm2-issuing",
                new CertificateSubject("Trust Dev Seal Maker SM2", Organization, "Seal Maker"), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                Profile(SignerRole.SealMaker));
            CreateLeaf("seal-maker-rsa", "makes electronic seals (GB/T 38540 SES_Seal), RSA", "keys/seal-maker-rsa", RsaSigningKey.Generate(), "rsa-issuing",
                new CertificateSubject("Trust Dev Seal Maker RSA", Organization, "Seal Maker"), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                Profile(SignerRole.SealMaker));
            CreateLeaf("grant-signing", "signs authorisation grants (COSE_Sign1, SM2-SM3)", "keys/grant-signing", Sm2SigningKey.Generate(), "sm2-issuing",
                new CertificateSubject("Trust Dev Grant Signing", Organization, "Authorisation"), X509KeyUsageFlags.DigitalSignature,
                Profile(SignerRole.GrantIssuer));
            CreateLeaf("status-list", "signs licence status lists (SM2-SM3)", "keys/status-list", Sm2SigningKey.Generate(), "sm2-issuing",
                new CertificateSubject("Trust Dev Status List Signing", Organization, "Status"), X509KeyUsageFlags.DigitalSignature,
                Profile(SignerRole.StatusListSigner));
            CreateLeaf(TsaRsaKeyId, "RFC 3161 time-stamp authority (id-kp-timeStamping, critical), RSA", "keys/" + TsaRsaKeyId, RsaSigningKey.Generate(), "rsa-issuing",
                new CertificateSubject("Trust Dev TSA RSA", Organization, "Time-Stamp Authority"), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                Profile(SignerRole.TimestampAuthority));
            CreateLeaf(TsaSm2KeyId, "RFC 3161 time-stamp authority (id-kp-timeStamping, critical), SM2", "keys/" + TsaSm2KeyId, Sm2SigningKey.Generate(), "sm2-issuing",
                new CertificateSubject("Trust Dev TSA SM2", Organization, "Time-Stamp Authority"), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                Profile(SignerRole.TimestampAuthority));
            var revoked = CreateLeaf("revoked-example", "a revoked certificate (listed in the SM2 issuing CA's CRL) for tests", "keys/revoked-example", Sm2SigningKey.Generate(), "sm2-issuing",
                new CertificateSubject("Trust Dev Revoked Example", Organization, "Tests"), X509KeyUsageFlags.DigitalSignature,
                Profile(SignerRole.LicenceIssuer, "SAMR", ["SAMR"], SignerRole.GrantIssuer));
            _revoked.Add(("sm2-issuing", SerialOf(revoked)));

            Report("TLS server and client");
            CreateTls();

            var departments = CreateDepartments();

            Report("CRLs and bundles");
            foreach (var authority in _authorities.ToList())
            {
                WriteCrl(authority);
            }

            WriteText("ca/trust-anchors.pem", string.Concat(_authorities.Where(a => a.Issuer is null).Select(a => CertificatePem.Export(_cas[a.Id].Cert))));
            WriteText("ca/intermediates.pem", string.Concat(_authorities.Where(a => a.Issuer is not null).Select(a => CertificatePem.Export(_cas[a.Id].Cert))));
            WriteText("crl/all.pem", string.Concat(_authorities.Select(a => File.ReadAllText(Path.Combine(root, a.Crl)))));

            var manifest = new DevelopmentPkiManifest
            {
                Created = _now,
                DefaultPassphrase = passphrase == DevelopmentPki.DefaultPassphrase ? DevelopmentPki.DefaultPassphrase : null,
                Pbkdf2Iterations = options.Pbkdf2Iterations,
                Authorities = _authorities,
                Departments = departments,
                Keys = _keys,
                SealsRequested = options.Seals,
            };
            WriteText(DevelopmentPkiReadme.FileName, DevelopmentPkiReadme.Render(manifest));
            return manifest;
        }
        finally
        {
            foreach (var (_, key) in _cas.Values)
            {
                key.Dispose();
            }
        }
    }

    private List<PkiDepartment> CreateDepartments()
    {
        var catalogue = MunicipalDepartments.All.Take(options.Departments).ToArray();
        var result = new PkiDepartment[catalogue.Length];
        var catalogKinds = Licences.LicenceCatalog.Default.Types.Select(t => t.DepartmentKind).ToList();

        // Key generation dominates (RSA); departments are independent, so use the available cores.
        var done = 0;
        Parallel.For(0, catalogue.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (code, zh, en) = catalogue[i];
            var sm2 = i % 2 == 0;
            var algorithm = sm2 ? "SM2" : "RSA";
            var caId = sm2 ? "sm2-issuing" : "rsa-issuing";
            var folder = $"departments/{code}";
            using (var key = NewKey(sm2))
            {
                IssueAndWrite(key, caId, folder + "/cert.pem", folder + "/key.pem",
                    new CertificateSubject($"{zh} ({code})", DepartmentOrganization, en), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                    Profile(SignerRole.SealSigner, code), chainPath: folder + "/chain.pem");
            }

            // The licence issuer has the department's algorithm: SM2 (SM2-SM3 licences) or RSA-2048
            // (RS256 licences, COSE alg -257, the RSA key's default in LicenceIssuerOptions).
            string licenceIssuerAlgorithm;
            using (var key = NewKey(sm2))
            {
                licenceIssuerAlgorithm = AlgorithmName(key);
                IssueAndWrite(key, caId, folder + "/licence-issuer.pem", folder + "/licence-issuer.key.pem",
                    new CertificateSubject($"{zh} 证照签发 ({code} licence issuer)", DepartmentOrganization, en), X509KeyUsageFlags.DigitalSignature,
                    Profile(SignerRole.LicenceIssuer, code, MunicipalDepartments.LicenceKindsOf(code, catalogue.Select(c => c.Code), catalogKinds)));
            }

            result[i] = new PkiDepartment(code, zh, en, algorithm, folder + "/cert.pem", folder + "/key.pem", caId,
                folder + "/licence-issuer.pem", folder + "/licence-issuer.key.pem", licenceIssuerAlgorithm);
            var count = Interlocked.Increment(ref done);
            if (count % 10 == 0 || count == catalogue.Length)
            {
                Report($"departments {count}/{catalogue.Length}");
            }
        });

        return [.. result];
    }

    private static SigningKey NewKey(bool sm2) => sm2 ? Sm2SigningKey.Generate() : RsaSigningKey.Generate();

    private void CreateTls()
    {
        using var serverKey = RsaSigningKey.Generate();
        var server = new CertificateBuilder(new CertificateSubject("localhost", Organization, "TLS Server"), serverKey.PublicKey)
        {
            NotBefore = _now.AddMinutes(-5),
            NotAfter = _now.AddYears(2),
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
        };
        server.ExtendedKeyUsages.Add(CertificateBuilder.ServerAuthOid);
        server.DnsNames.Add("localhost");
        server.IpAddresses.Add(IPAddress.Loopback);
        server.IpAddresses.Add(IPAddress.IPv6Loopback);
        WriteIssued("tls-server", "TLS server (SAN localhost, 127.0.0.1, ::1)", "RSA", "tls/server", serverKey, "rsa-issuing", server);

        using var clientKey = EcdsaSigningKey.Generate();
        var client = new CertificateBuilder(new CertificateSubject("Trust Dev TLS Client", Organization, "TLS Client"), clientKey.PublicKey)
        {
            NotBefore = _now.AddMinutes(-5),
            NotAfter = _now.AddYears(2),
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
        };
        client.ExtendedKeyUsages.Add(CertificateBuilder.ClientAuthOid);
        client.UniformResourceIdentifiers.Add(DevelopmentClientCertificates.RoleUriPrefix + "verifier"); // the server's role claim (mutual TLS)
        WriteIssued("tls-client", "TLS client authentication (mutual TLS for platforms; role verifier)", "ECDSA-P256", "tls/client", clientKey, "rsa-issuing", client);
    }

    private void CreateRoot(string id, string algorithm, SigningKey key, string commonName)
    {
        var builder = new CertificateBuilder(new CertificateSubject(commonName, Organization, "Certification Authority"), key.PublicKey)
        {
            NotBefore = _now.AddMinutes(-5),
            NotAfter = _now.AddYears(20),
            IsCertificateAuthority = true,
            PathLength = 1,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        };
        var cert = builder.SelfSign(key);
        WriteAuthority(id, algorithm, key, cert, issuer: null);
    }

    private void CreateIssuing(string id, string algorithm, SigningKey key, string commonName, string rootId)
    {
        var builder = new CertificateBuilder(new CertificateSubject(commonName, Organization, "Certification Authority"), key.PublicKey)
        {
            NotBefore = _now.AddMinutes(-5),
            NotAfter = _now.AddYears(10),
            IsCertificateAuthority = true,
            PathLength = 0,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        };
        var (rootCert, rootKey) = _cas[rootId];
        WriteAuthority(id, algorithm, key, builder.Sign(rootCert, rootKey), rootId);
    }

    private void WriteAuthority(string id, string algorithm, SigningKey key, byte[] cert, string? issuer)
    {
        WriteText($"ca/{id}.pem", CertificatePem.Export(cert));
        DevelopmentPki.WritePrivate(Path.Combine(root, "ca", $"{id}.key.pem"), PrivateKeyPem.ExportEncrypted(key, passphrase, options.Pbkdf2Iterations));
        _cas[id] = (cert, key);
        _authorities.Add(new PkiAuthority(id, algorithm, $"ca/{id}.pem", $"ca/{id}.key.pem", issuer, $"crl/{id}.crl.pem"));
    }

    private byte[] CreateLeaf(string id, string purpose, string pathStem, SigningKey key, string caId, CertificateSubject subject, X509KeyUsageFlags usage, Action<CertificateBuilder> profile)
    {
        using (key)
        {
            var builder = LeafBuilder(subject, key.PublicKey, usage);
            profile(builder);
            return WriteIssued(id, purpose, AlgorithmName(key), pathStem, key, caId, builder);
        }
    }

    private byte[] WriteIssued(string id, string purpose, string algorithm, string pathStem, SigningKey key, string caId, CertificateBuilder builder)
    {
        var (caCert, caKey) = _cas[caId];
        var cert = builder.Sign(caCert, caKey);
        WriteText(pathStem + ".pem", CertificatePem.Export(cert));
        WriteText(pathStem + ".chain.pem", CertificatePem.Export(cert) + CertificatePem.Export(caCert));
        DevelopmentPki.WritePrivate(Path.Combine(root, pathStem + ".key.pem"), PrivateKeyPem.ExportEncrypted(key, passphrase, options.Pbkdf2Iterations));
        lock (_keys)
        {
            _keys.Add(new PkiCertifiedKey(id, purpose, algorithm, pathStem + ".pem", pathStem + ".key.pem", caId));
        }

        return cert;
    }

    private void IssueAndWrite(SigningKey key, string caId, string certPath, string keyPath, CertificateSubject subject, X509KeyUsageFlags usage, Action<CertificateBuilder> profile, string? chainPath = null)
    {
        var (caCert, caKey) = _cas[caId];
        byte[] cert;

        // The CA key is shared between threads; BouncyCastle's SM2 signer and the platform RSA key are used one call at a time.
        lock (caKey)
        {
            var builder = LeafBuilder(subject, key.PublicKey, usage);
            profile(builder);
            cert = builder.Sign(caCert, caKey);
        }

        WriteText(certPath, CertificatePem.Export(cert));
        if (chainPath is not null)
        {
            WriteText(chainPath, CertificatePem.Export(cert) + CertificatePem.Export(caCert));
        }

        DevelopmentPki.WritePrivate(Path.Combine(root, keyPath), PrivateKeyPem.ExportEncrypted(key, passphrase, options.Pbkdf2Iterations));
    }

    /// <summary>The certificate profile of a role (<see cref="SignerRoles"/>): its EKU, department and licence kinds.</summary>
    private static Action<CertificateBuilder> Profile(SignerRole role, string? department = null, IReadOnlyList<string>? licenceKinds = null, SignerRole? alsoRole = null) => builder =>
    {
        builder.WithSignerRole(role, department, licenceKinds);
        if (alsoRole is { } also)
        {
            builder.WithSignerRole(also, department);
        }
    };

    private CertificateBuilder LeafBuilder(CertificateSubject subject, VerificationKey key, X509KeyUsageFlags usage) => new(subject, key)
    {
        NotBefore = _now.AddMinutes(-5),
        NotAfter = _now.AddYears(5),
        KeyUsage = usage,
    };

    private void WriteCrl(PkiAuthority authority)
    {
        var (cert, key) = _cas[authority.Id];
        var builder = new CrlBuilder
        {
            ThisUpdate = _now.AddMinutes(-5),

            // Development CRLs stay current as long as the leaf certificates (production CAs publish weekly or daily).
            NextUpdate = _now.AddYears(5),
        };
        foreach (var (caId, serial) in _revoked.Where(r => r.CaId == authority.Id))
        {
            builder.AddRevoked(serial, _now.AddMinutes(-1));
        }

        WriteText(authority.Crl, CertificatePem.ExportCrl(builder.Sign(cert, key)));
    }

    private static byte[] SerialOf(byte[] certificate) => Internal.ParsedCertificate.Parse(certificate).Serial.ToByteArrayUnsigned();

    internal static string AlgorithmName(SigningKey key) => key.KeyAlgorithm switch
    {
        KeyAlgorithm.Sm2 => "SM2",
        KeyAlgorithm.Rsa => "RSA",
        _ => "ECDSA-P256",
    };

    private void WriteText(string relativePath, string text)
    {
        var full = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private void Report(string step) => options.Progress?.Report(step);
}
