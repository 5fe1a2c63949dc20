using Org.BouncyCastle.Asn1;

namespace Trust.Core.Seals.Asn1;

/// <summary>
/// One <c>ExtData ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }</c>
/// of an <c>ExtensionDatas ::= SEQUENCE OF ExtData</c> (GB/T 38540-2020, 7.1).
/// </summary>
/// <param name="Id">The extension OID in dotted form.</param>
/// <param name="Critical">Whether a verifier that does not know the extension must reject.</param>
/// <param name="Value">The extension value.</param>
public sealed record SesExtension(string Id, bool Critical, ReadOnlyMemory<byte> Value)
{
    /// <summary>
    /// True when a decoded extension carried an explicit <c>critical FALSE</c>. DER omits default values,
    /// but some seal systems write it; we keep it so that re-encoding reproduces the signed bytes.
    /// </summary>
    internal bool EncodesDefaultCritical { get; init; }

    internal Asn1Encodable ToAsn1()
    {
        SesDer.CheckBytes(Value.Span, "ExtData.extnValue", SesLimits.MaxExtensionValueBytes);
        var v = new Asn1EncodableVector(new DerObjectIdentifier(Id));
        if (Critical || EncodesDefaultCritical)
        {
            v.Add(DerBoolean.GetInstance(Critical));
        }

        v.Add(new DerOctetString(Value.ToArray()));
        return new DerSequence(v);
    }

    internal static IReadOnlyList<SesExtension> ListFromAsn1(Asn1Encodable value, string field)
    {
        var seq = SesDer.Sequence(value, field, 0, SesLimits.MaxExtensions);
        var list = new SesExtension[seq.Count];
        for (var i = 0; i < seq.Count; i++)
        {
            var name = $"{field}[{i}]";
            var ext = SesDer.Sequence(seq[i], name, 2, 3);
            var id = SesDer.Oid(ext[0], name + ".extnID");
            var critical = false;
            var explicitFalse = false;
            if (ext.Count == 3)
            {
                if (ext[1] is not DerBoolean b)
                {
                    throw new TrustFormatException(name + ".critical", "expected a BOOLEAN");
                }

                critical = b.IsTrue;
                explicitFalse = !critical;
            }

            var data = SesDer.Octets(ext[ext.Count - 1], name + ".extnValue", SesLimits.MaxExtensionValueBytes);
            list[i] = new SesExtension(id, critical, data) { EncodesDefaultCritical = explicitFalse };
        }

        return list;
    }

    internal static DerSequence ListToAsn1(IReadOnlyList<SesExtension> extensions, string field)
    {
        if (extensions.Count > SesLimits.MaxExtensions)
        {
            throw new TrustFormatException(field, $"{extensions.Count} extensions is more than the limit of {SesLimits.MaxExtensions}");
        }

        var v = new Asn1EncodableVector();
        foreach (var e in extensions)
        {
            v.Add(e.ToAsn1());
        }

        return new DerSequence(v);
    }
}
