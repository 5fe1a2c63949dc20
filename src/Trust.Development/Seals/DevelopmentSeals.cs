using Trust.Core.Crypto;
using Trust.Core.Keys;

namespace Trust.Core.Seals;

/// <summary>A department that receives development seals: its code (ASCII), its name and its signing certificate.</summary>
/// <param name="Code">Department code, ASCII letters, digits and '-', used in seal identifiers.</param>
/// <param name="Name">Department name, for example <c>市场监督管理局</c>.</param>
/// <param name="SignerCertificate">The department's DER signing certificate (SM2 or RSA key), listed in its seals.</param>
public sealed record DevelopmentSealDepartment(string Code, string Name, ReadOnlyMemory<byte> SignerCertificate);

/// <summary>
/// Makes the development seals of the development PKI (brief section 10): every department gets an
/// official seal (公章); the remaining seals go round the departments again as administrative approval,
/// e-licence and business seals, so the default 86 departments hold 160 seals. Seal identifiers are
/// <c>{department code}-{kind code}</c> (kind codes in <see cref="SealKinds.Code"/>), names are the
/// department name followed by the kind's Chinese name, pictures are <see cref="SealPictures.CreatePng"/>.
/// When more seals than four per department are asked for (few departments), further rounds number the
/// seals: <c>{code}-{kind}-2</c>, named with a "（2）" suffix.
/// Never production material.
/// </summary>
public static class DevelopmentSeals
{
    /// <summary>Number of development departments in the brief.</summary>
    public const int DefaultDepartmentCount = 86;

    /// <summary>Number of development seals in the brief.</summary>
    public const int DefaultSealCount = 160;

    /// <summary>Most development seals made in one call.</summary>
    public const int MaxSeals = 10_000;

    /// <summary>Vendor id written into development seal headers.</summary>
    public const string VendorId = "Trust-DEV";

    private static readonly SealKind[] ExtraKinds = [SealKind.AdministrativeApproval, SealKind.ELicence, SealKind.Business];

    /// <summary>Makes <paramref name="sealCount"/> seals for <paramref name="departments"/>.</summary>
    /// <param name="departments">The departments, each with its signing certificate.</param>
    /// <param name="sm2Maker">The maker for departments with SM2 certificates.</param>
    /// <param name="rsaMaker">The maker for departments with RSA certificates; <paramref name="sm2Maker"/> when null.</param>
    /// <param name="sealCount">Seals to make (at most <see cref="MaxSeals"/>); fewer seals than departments gives the first departments an official seal each.</param>
    /// <param name="validFrom">Start of every seal's validity.</param>
    /// <param name="validTo">End of every seal's validity.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sealCount"/> is negative or more than <see cref="MaxSeals"/>.</exception>
    /// <exception cref="TrustFormatException">A department code is not ASCII or a certificate is malformed.</exception>
    public static IReadOnlyList<SealRecord> Create(
        IReadOnlyList<DevelopmentSealDepartment> departments,
        SealMaker sm2Maker,
        SealMaker? rsaMaker,
        int sealCount,
        DateTimeOffset validFrom,
        DateTimeOffset validTo)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(sm2Maker);
        var seals = new List<SealRecord>(sealCount);
        foreach (var (index, kind, serial) in Plan(departments.Count, sealCount))
        {
            var department = departments[index];
            var signerAlgorithm = SealAlgorithms.ForKey(PublicKeyPem.FromCertificate(department.SignerCertificate.Span).KeyAlgorithm);
            var maker = signerAlgorithm == SignatureAlgorithm.Sm2Sm3 ? sm2Maker : rsaMaker ?? sm2Maker;
            var id = serial == 1 ? $"{department.Code}-{SealKinds.Code(kind)}" : $"{department.Code}-{SealKinds.Code(kind)}-{serial}";
            var name = department.Name + SealKinds.ChineseName(kind) + (serial == 1 ? "" : $"（{serial}）");
            var seal = maker.Make(new SealRequest
            {
                EsId = id,
                Kind = kind,
                Name = name,
                SignerCertificates = [department.SignerCertificate],
                ValidFrom = validFrom,
                ValidTo = validTo,
                Picture = SealPictures.CreatePng(department.Code + " DEV", SealKinds.Code(kind), 200),
            });
            seals.Add(new SealRecord(id, name, department.Code, kind, signerAlgorithm, seal));
        }

        return seals;
    }

    /// <summary>
    /// Which department (index) gets which kind, in order: all official seals first, then the extra kinds
    /// round-robin; after three extra rounds the kinds repeat with serial 2, 3, ...
    /// </summary>
    internal static IEnumerable<(int Department, SealKind Kind, int Serial)> Plan(int departments, int seals)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(departments, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(seals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seals, MaxSeals);
        for (var i = 0; i < seals; i++)
        {
            if (i < departments)
            {
                yield return (i, SealKind.Official, 1);
                continue;
            }

            var extra = i - departments;
            var department = extra % departments;
            var round = extra / departments;
            yield return (department, ExtraKinds[(round + department) % ExtraKinds.Length], (round / ExtraKinds.Length) + 1);
        }
    }
}
