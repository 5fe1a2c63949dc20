using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Tokens;

namespace Trust.Pdf.Internal.Writer;

/// <summary>
/// Writes PdfPig tokens as PDF syntax (ISO 32000-1 section 7.3). Strings are written as hex
/// strings of their exact bytes so that no escaping or re-encoding can change them.
/// </summary>
internal static class PdfObjectSerializer
{
    private const int MaxDepth = 64;

    public static void Write(IToken token, Stream output) => Write(token, output, 0);

    public static byte[] ToBytes(IToken token)
    {
        using var ms = new MemoryStream();
        Write(token, ms);
        return ms.ToArray();
    }

    private static void Write(IToken token, Stream output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException("Object nesting is too deep to serialise.");
        }

        switch (token)
        {
            case NameToken name:
                WriteName(name.Data, output);
                break;
            case NumericToken number:
                WriteAscii(FormatNumber(number), output);
                break;
            case BooleanToken boolean:
                WriteAscii(boolean.Data ? "true" : "false", output);
                break;
            case NullToken:
                WriteAscii("null", output);
                break;
            case IndirectReferenceToken reference:
                WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{reference.Data.ObjectNumber} {reference.Data.Generation} R"), output);
                break;
            case StringToken str:
                WriteHex(str.GetBytes(), output);
                break;
            case HexToken hex:
                WriteHex(hex.Bytes.ToArray(), output);
                break;
            case ArrayToken array:
                output.WriteByte((byte)'[');
                for (var i = 0; i < array.Data.Count; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)' ');
                    }

                    Write(array.Data[i], output, depth + 1);
                }

                output.WriteByte((byte)']');
                break;
            case DictionaryToken dict:
                WriteDictionary(dict, output, depth);
                break;
            case StreamToken stream:
                var data = stream.Data.ToArray();
                var withLength = stream.StreamDictionary.With(NameToken.Length, new NumericToken(data.Length));
                WriteDictionary(withLength, output, depth);
                WriteAscii("\nstream\n", output);
                output.Write(data);
                WriteAscii("\nendstream", output);
                break;
            default:
                throw new InvalidOperationException($"Cannot serialise a {token.GetType().Name}.");
        }
    }

    private static void WriteDictionary(DictionaryToken dict, Stream output, int depth)
    {
        WriteAscii("<<", output);
        foreach (var (key, value) in dict.Data)
        {
            WriteName(key, output);
            output.WriteByte((byte)' ');
            Write(value, output, depth + 1);
        }

        WriteAscii(">>", output);
    }

    internal static string FormatNumber(NumericToken number) =>
        number.HasDecimalPlaces
            ? number.Data.ToString("0.##########", CultureInfo.InvariantCulture)
            : number.Long.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes a name, escaping irregular and delimiter bytes as #XX (ISO 32000-1 section 7.3.5).</summary>
    internal static void WriteName(string name, Stream output)
    {
        output.WriteByte((byte)'/');
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is < 0x21 or > 0x7E or (byte)'#' or (byte)'/' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'%')
            {
                WriteAscii("#" + b.ToString("X2", CultureInfo.InvariantCulture), output);
            }
            else
            {
                output.WriteByte(b);
            }
        }
    }

    private static void WriteHex(byte[] bytes, Stream output)
    {
        output.WriteByte((byte)'<');
        WriteAscii(Convert.ToHexString(bytes), output);
        output.WriteByte((byte)'>');
    }

    internal static void WriteAscii(string text, Stream output) => output.Write(Encoding.ASCII.GetBytes(text));
}
