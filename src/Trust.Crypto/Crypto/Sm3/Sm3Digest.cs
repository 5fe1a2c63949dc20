namespace Trust.Core.Crypto.Sm3;

/// <summary>The managed SM3 behind <see cref="Digest.Create(DigestAlgorithm)"/> (registered in <c>Sm3Engines</c>).</summary>
internal sealed class Sm3Digest : Digest
{
    private Sm3State _state = Sm3State.Create();

    public override DigestAlgorithm Algorithm => DigestAlgorithm.Sm3;

    public override void Append(ReadOnlySpan<byte> data) => _state.Append(data);

    public override void Finish(Span<byte> destination) => _state.Finish(destination);
}
