using System.Formats.Asn1;
using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Tests.Timestamps;
using static Trust.Core.Tests.Evidence.EvidenceTestSupport;

namespace Trust.Core.Tests.Evidence;

/// <summary>
/// Hostile evidence records: truncated, oversized, deeply nested, wrong types, random bytes. Decoding fails with a
/// <see cref="TrustFormatException"/> naming the field; the verifier answers <c>evidence.malformed</c>; nothing crashes.
/// </summary>
public sealed class EvidenceRecordHostileInputTests(TsaTestPki pki) : IClassFixture<TsaTestPki>
{
    private readonly Lazy<(byte[] Encoded, byte[] Data)> _sample = new(() =>
    {
        byte[][] objects = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
        var records = Protect(Client(pki, "sm2", new FixedClock(Now), Now.AddYears(2)), DigestAlgorithm.Sm3, objects);
        return (records[1].Encode(), objects[1]);
    });

    [Fact]
    public void Every_truncation_is_refused_with_the_field_named()
    {
        var encoded = _sample.Value.Encoded;
        for (var length = 0; length < encoded.Length; length += length < 200 ? 1 : 97)
        {
            var ex = Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(encoded.AsMemory(0, length)));
            Assert.False(string.IsNullOrEmpty(ex.Field));
        }
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var ex = Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode((byte[])[.. _sample.Value.Encoded, 0]));
        Assert.Equal("EvidenceRecord", ex.Field);
    }

    [Fact]
    public void Oversized_input_is_refused_before_parsing()
    {
        var big = new byte[EvidenceRecord.MaxEncodedBytes + 1];
        big[0] = 0x30;
        Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(big));
    }

    [Fact]
    public void Deep_nesting_is_refused_without_a_stack_overflow()
    {
        const int depth = 100_000;
        var bytes = new byte[depth * 2];
        for (var i = 0; i < depth; i++)
        {
            bytes[i * 2] = 0x30;
            bytes[(i * 2) + 1] = 0x80; // indefinite length: each level wraps the rest
        }

        var ex = Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(bytes));
        Assert.Equal("EvidenceRecord", ex.Field);
    }

    [Fact]
    public void Wrong_version_wrong_types_and_encrypted_records_are_refused()
    {
        Assert.Equal("EvidenceRecord.version", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Record(w => w.WriteInteger(2)))).Field);
        Assert.Equal("EvidenceRecord.version", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Record(w => w.WriteOctetString([1])))).Field);
        Assert.Equal("EvidenceRecord.encryptionInfo", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Record(w =>
        {
            w.WriteInteger(1);
            w.PushSequence();
            w.PopSequence();
            w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
            w.PopSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
            w.PushSequence();
            w.PopSequence();
        }))).Field);
        Assert.Equal("EvidenceRecord.archiveTimeStampSequence", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Record(w =>
        {
            w.WriteInteger(1);
            w.PushSequence();
            w.PopSequence();
            w.PushSequence();
            w.PopSequence();
        }))).Field);
        Assert.Equal("ArchiveTimeStamp.timeStamp", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Record(w =>
        {
            w.WriteInteger(1);
            w.PushSequence();
            w.PopSequence();
            w.PushSequence();
            w.PushSequence();
            w.PushSequence();
            w.WriteInteger(5);
            w.PopSequence();
            w.PopSequence();
            w.PopSequence();
        }))).Field);
    }

    [Fact]
    public void Empty_partial_hash_trees_and_too_many_levels_are_refused()
    {
        var tag2 = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
        Assert.Equal("PartialHashtree", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Tree(1, 0))).Field);
        Assert.Equal("ArchiveTimeStamp.reducedHashtree", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Tree(EvidenceRecord.MaxTreeLevels + 1, 1))).Field);
        Assert.Equal("PartialHashtree", Assert.Throws<TrustFormatException>(() => EvidenceRecord.Decode(Tree(1, EvidenceRecord.MaxHashesPerLevel + 1))).Field);

        byte[] Tree(int levels, int hashes) => Record(w =>
        {
            w.WriteInteger(1);
            w.PushSequence();
            w.PopSequence();
            w.PushSequence();
            w.PushSequence();
            w.PushSequence();
            w.PushSequence(tag2);
            for (var l = 0; l < levels; l++)
            {
                w.PushSequence();
                for (var h = 0; h < hashes; h++)
                {
                    w.WriteOctetString(new byte[32]);
                }

                w.PopSequence();
            }

            w.PopSequence(tag2);
            w.PushSequence();
            w.PopSequence();
            w.PopSequence();
            w.PopSequence();
            w.PopSequence();
        });
    }

    [Fact]
    public void Random_bytes_and_bit_flips_never_crash_the_decoder_or_the_verifier()
    {
        var random = new Random(4998);
        var verifier = new EvidenceRecordVerifier(Validator(pki));
        var (encoded, data) = _sample.Value;
        for (var i = 0; i < 300; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 600)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])encoded.Clone();
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }

            if (!EvidenceRecord.TryDecode(bytes, out _, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error));
            }

            var result = verifier.VerifyEncoded(bytes, new MemoryStream(data), Now.AddDays(1));
            if (i % 2 == 0)
            {
                Assert.False(result.IsValid);
            }
        }
    }

    [Fact]
    public void A_record_with_an_unsupported_digest_is_indeterminate()
    {
        var encoded = _sample.Value.Encoded;
        var record = EvidenceRecord.Decode(encoded);
        var sm3Oid = AsnEncode(w => w.WriteObjectIdentifier("1.2.156.10197.1.401"));
        var md5Oid = AsnEncode(w => w.WriteObjectIdentifier("1.2.840.113549.2.5"));
        var patched = Replace(encoded, sm3Oid, md5Oid);

        var result = new EvidenceRecordVerifier(Validator(pki)).VerifyEncoded(patched, new MemoryStream(_sample.Value.Data), Now);

        Assert.NotNull(record);
        Assert.StartsWith(EvidenceReasons.UnsupportedDigest, Assert.Single(result.Reasons), StringComparison.Ordinal);
    }

    private static byte[] Record(Action<AsnWriter> body) => AsnEncode(w =>
    {
        w.PushSequence();
        body(w);
        w.PopSequence();
    });

    private static byte[] AsnEncode(Action<AsnWriter> body)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        body(writer);
        return writer.Encode();
    }

    /// <summary>Replaces every occurrence of <paramref name="from"/> by <paramref name="to"/>.</summary>
    private static byte[] Replace(byte[] data, byte[] from, byte[] to)
    {
        var output = new List<byte>();
        for (var i = 0; i < data.Length;)
        {
            if (i + from.Length <= data.Length && data.AsSpan(i, from.Length).SequenceEqual(from))
            {
                output.AddRange(to);
                i += from.Length;
            }
            else
            {
                output.Add(data[i++]);
            }
        }

        return [.. output];
    }
}
