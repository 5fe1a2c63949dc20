using FsCheck.Xunit;
using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Status;
using Trust.Core.Tests.Grants;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Hostile;

/// <summary>
/// The decoder contract the hosts rely on (they catch only <see cref="TrustFormatException"/>): mutated licences,
/// grants and status lists either decode or throw a format error naming a field; no other exception type escapes.
/// </summary>
public sealed class DecoderContractTests
{
    private static readonly Lazy<LicenceFixture> F = new(() => new LicenceFixture(KeyAlgorithm.Sm2));
    private static readonly Lazy<byte[]> Licence = new(() => F.Value.IssueAsync("BL").GetAwaiter().GetResult().Encoded.ToArray());
    private static readonly Lazy<byte[]> Grant = new(() =>
    {
        var f = new GrantFixture();
        var item = Trust.Core.Services.ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation && i.RequiredLicenceTypes.Count > 0);
        return f.GrantAsync(item).GetAwaiter().GetResult().Encoded.ToArray();
    });

    private static readonly Lazy<byte[]> StatusListBytes = new(() =>
        new StatusListBuilder("SAMR3301", F.Value.Pki.LeafKey, F.Value.Pki.Chain, F.Value.Store, F.Value.Clock).BuildAsync("SAMR3301-L1", TimeSpan.FromHours(1)).GetAwaiter().GetResult());

    /// <summary>From a seed: one to four byte replacements, a cut, or an inserted byte.</summary>
    private static byte[] Mutate(byte[] original, int seed)
    {
        var random = new Random(seed);
        var bytes = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            default:
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], (byte)random.Next(256), .. bytes[at..]];
        }
    }

    private static bool OnlyFormatErrors(Action decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (TrustFormatException ex)
        {
            return !string.IsNullOrEmpty(ex.Field);
        }
    }

    [Property(MaxTest = 400)]
    public bool Mutated_licences_decode_or_throw_a_format_error(int seed) =>
        OnlyFormatErrors(() => SignedLicence.Decode(Mutate(Licence.Value, seed)));

    [Property(MaxTest = 400)]
    public bool Mutated_grants_decode_or_throw_a_format_error(int seed) =>
        OnlyFormatErrors(() => SignedGrant.Decode(Mutate(Grant.Value, seed)));

    [Property(MaxTest = 300)]
    public bool Mutated_status_lists_never_throw_and_are_never_accepted_when_changed(int seed)
    {
        var bytes = Mutate(StatusListBytes.Value, seed);
        var ok = StatusList.TryVerify(bytes, F.Value.Validator, out _, out var reason);
        return bytes.AsSpan().SequenceEqual(StatusListBytes.Value) ? ok : !ok && reason.StartsWith("statuslist.", StringComparison.Ordinal);
    }

    [Property(MaxTest = 400)]
    public bool Mutated_payloads_decode_or_throw_a_format_error(int seed)
    {
        var licencePayload = CoseSign1.Decode(Licence.Value).Payload;
        var grantPayload = CoseSign1.Decode(Grant.Value).Payload;
        return OnlyFormatErrors(() => LicencePayloadCbor.Decode(Mutate(licencePayload, seed)))
            && OnlyFormatErrors(() => GrantPayloadCbor.Decode(Mutate(grantPayload, seed)));
    }
}
