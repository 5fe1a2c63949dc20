using System.Formats.Asn1;

namespace Trust.Core.Evidence.Internal;

/// <summary>
/// A forward-only DER reader over a slice of the input that knows its absolute offset, so every error names the field
/// and the byte offset. Strict DER (<see cref="AsnEncodingRules.DER"/>): definite minimal lengths only. It reads one level
/// at a time and never recurses; nested values are entered explicitly by the caller.
/// </summary>
internal struct DerCursor
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly long _base;
    private int _position;

    public DerCursor(ReadOnlyMemory<byte> data, long baseOffset = 0)
    {
        _data = data;
        _base = baseOffset;
        _position = 0;
    }

    public readonly bool HasData => _position < _data.Length;

    public readonly long Offset => _base + _position;

    public readonly Asn1Tag PeekTag(string field)
    {
        if (!HasData)
        {
            throw new TrustFormatException(field, "value missing (truncated)", Offset);
        }

        try
        {
            return Asn1Tag.Decode(_data.Span[_position..], out _);
        }
        catch (AsnContentException ex)
        {
            throw new TrustFormatException(field, "malformed ASN.1 tag", Offset, ex);
        }
    }

    /// <summary>Reads one TLV with <paramref name="expected"/> tag; returns a cursor over its contents.</summary>
    public DerCursor Enter(Asn1Tag expected, string field)
    {
        var (tag, contentOffset, contentLength, consumed) = Frame(field);
        if (!tag.HasSameClassAndValue(expected) || tag.IsConstructed != expected.IsConstructed)
        {
            throw new TrustFormatException(field, $"expected {Describe(expected)}, found {Describe(tag)}", Offset);
        }

        var cursor = new DerCursor(_data.Slice(_position + contentOffset, contentLength), Offset + contentOffset);
        _position += consumed;
        return cursor;
    }

    /// <summary>Reads one whole TLV (tag, length and contents) without looking inside.</summary>
    public ReadOnlyMemory<byte> ReadEncoded(string field)
    {
        var (_, _, _, consumed) = Frame(field);
        var value = _data.Slice(_position, consumed);
        _position += consumed;
        return value;
    }

    public int ReadSmallInteger(string field)
    {
        var start = Offset;
        try
        {
            if (!AsnDecoder.TryReadInt32(_data.Span[_position..], AsnEncodingRules.DER, out var value, out var consumed))
            {
                throw new TrustFormatException(field, "integer out of range", start);
            }

            _position += consumed;
            return value;
        }
        catch (AsnContentException ex)
        {
            throw new TrustFormatException(field, "expected a DER INTEGER", start, ex);
        }
    }

    public string ReadOid(string field)
    {
        var start = Offset;
        try
        {
            var value = AsnDecoder.ReadObjectIdentifier(_data.Span[_position..], AsnEncodingRules.DER, out var consumed);
            _position += consumed;
            return value;
        }
        catch (AsnContentException ex)
        {
            throw new TrustFormatException(field, "expected a DER OBJECT IDENTIFIER", start, ex);
        }
    }

    public byte[] ReadOctetString(string field)
    {
        var start = Offset;
        try
        {
            var value = AsnDecoder.ReadOctetString(_data.Span[_position..], AsnEncodingRules.DER, out var consumed);
            _position += consumed;
            return value;
        }
        catch (AsnContentException ex)
        {
            throw new TrustFormatException(field, "expected a DER OCTET STRING", start, ex);
        }
    }

    public readonly void End(string field)
    {
        if (HasData)
        {
            throw new TrustFormatException(field, "unexpected data after the last field", Offset);
        }
    }

    private readonly (Asn1Tag Tag, int ContentOffset, int ContentLength, int Consumed) Frame(string field)
    {
        if (!HasData)
        {
            throw new TrustFormatException(field, "value missing (truncated)", Offset);
        }

        try
        {
            var span = _data.Span[_position..];
            AsnDecoder.ReadEncodedValue(span, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            return (Asn1Tag.Decode(span, out _), contentOffset, contentLength, consumed);
        }
        catch (AsnContentException ex)
        {
            throw new TrustFormatException(field, "malformed or truncated DER value", Offset, ex);
        }
    }

    private static string Describe(Asn1Tag tag) =>
        tag.TagClass == TagClass.Universal ? ((UniversalTagNumber)tag.TagValue).ToString().ToUpperInvariant() : $"[{tag.TagValue}]";
}
