using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Tests.Timestamps;
using static Trust.Core.Tests.Evidence.EvidenceTestSupport;

namespace Trust.Core.Tests.Evidence;

/// <summary>
/// For random numbers of random objects: every object's record verifies alone after an encode/decode round trip, and a
/// changed byte in any object makes its record fail (unless the change makes it equal to another protected object).
/// </summary>
public sealed class EvidenceRecordPropertyTests
{
    private static readonly Lazy<TsaTestPki> Pki = new(() => new TsaTestPki());

    [Property(MaxTest = 60)]
    public Property Every_object_verifies_alone_and_a_changed_byte_fails(NonEmptyArray<byte[]> input, bool sm3, PositiveInt which, PositiveInt position, byte flip)
    {
        var objects = input.Get.Take(40).ToArray();
        var algorithm = sm3 ? DigestAlgorithm.Sm3 : DigestAlgorithm.Sha256;
        var client = Client(Pki.Value, sm3 ? "sm2" : "rsa", new FixedClock(Now), Now.AddYears(2));
        var records = Protect(client, algorithm, objects);
        var verifier = new EvidenceRecordVerifier(Validator(Pki.Value));

        var allValid = objects.Select((data, i) => Verify(verifier, EvidenceRecord.Decode(records[i].Encode()), data, Now.AddDays(1)).IsValid).All(v => v);

        var target = which.Get % objects.Length;
        var changed = objects[target].Length == 0 ? [flip] : (byte[])objects[target].Clone();
        if (objects[target].Length > 0)
        {
            changed[position.Get % changed.Length] ^= (byte)(flip == 0 ? 1 : flip);
        }

        // A change that lands exactly on another protected object is covered by the tree (its sibling hash is in the path): make it new.
        while (objects.Any(o => o.AsSpan().SequenceEqual(changed)))
        {
            changed = [.. changed, 0x5A];
        }

        var changedFails = !Verify(verifier, records[target], changed, Now.AddDays(1)).IsValid;
        return (allValid && changedFails && client.Requests == 1).Label($"n={objects.Length} valid={allValid} changedFails={changedFails}");
    }
}
