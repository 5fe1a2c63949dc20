using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;

namespace Trust.Grpc.Seals;

/// <summary>The server's department seals and keys (<see cref="DepartmentSeals"/>) as an <see cref="ISealProvider"/> for the seal platform.</summary>
internal sealed class DepartmentSealProvider(DepartmentSeals seals) : ISealProvider
{
    public IReadOnlyList<SealRecord> ListSeals() => seals.Registry.List();

    public SealRecord GetSeal(string sealId) => seals.Registry.GetUsable(sealId);

    public IReadOnlyList<byte[]> GetCertificateChain(string sealId) =>
        Key(seals.Registry.TryFind(sealId, out var seal) ? seal : throw new KeyNotFoundException($"No seal with identifier {sealId}.")).Chain;

    public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned) => Key(GetSeal(sealId)).Key.Sign(algorithm, toBeSigned);

    private SealingKey Key(SealRecord seal) =>
        seals.KeyFor(seal.Department) ?? throw new KeyNotFoundException($"The department {seal.Department} of seal {seal.Id} has no key on this server.");
}
