using System.Text;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// A push tokenizer for PDF syntax (ISO 32000-2 §7.2–7.3) that looks only at names and keywords. It finds the
/// names of active content anywhere outside stream data (inside strings and comments too, as pdfid does: a crafted
/// cross-reference table can point a reader into them), decodes #xx escapes in names (<c>/J#53</c> is
/// <c>/JS</c>), and remembers which filters and types the current object's dictionary names, so the inspector
/// knows whether a stream that follows is a compressed object stream. State survives between calls, so a
/// name split across two reads is still recognised.
/// </summary>
internal sealed class PdfSyntaxScanner(bool stopAtStreams)
{
    /// <summary>PDF names are at most 127 bytes (ISO 32000-2 Annex C); longer ones cannot be any we look for.</summary>
    private const int MaxTokenLength = 127;

    private static readonly bool[] Regular = BuildRegular();

    private readonly byte[] _token = new byte[MaxTokenLength];
    private int _tokenLength;
    private State _state;

    private enum State { Between, Name, Keyword }

    /// <summary>The active-content name found (e.g. "JavaScript"), or null.</summary>
    public string? Finding { get; private set; }

    /// <summary>Set when the keyword <c>stream</c> and its end of line were read; the stream data follows.</summary>
    public bool AtStreamData { get; private set; }

    /// <summary>The byte that ended the <c>stream</c> keyword (a CR may be followed by LF).</summary>
    public byte StreamEndOfLine { get; private set; }

    /// <summary>What the dictionary of the current object said about its stream.</summary>
    public StreamKind Object { get; private set; }

    [Flags]
    public enum StreamKind
    {
        None = 0,
        ObjectStream = 1,
        Flate = 2,
        OtherFilter = 4,
        Predictor = 8,
    }

    /// <summary>Consumes bytes until the end of <paramref name="data"/>, a finding, or stream data (when asked to stop there).</summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (_state != State.Between)
            {
                if (Regular[b])
                {
                    Append(b);
                    continue;
                }
                var wasKeyword = _state == State.Keyword;
                EndToken();
                if (Finding is not null)
                {
                    return i;
                }
                if (wasKeyword && stopAtStreams && b is (byte)'\r' or (byte)'\n' && IsToken("stream"u8))
                {
                    AtStreamData = true;
                    StreamEndOfLine = b;
                    return i + 1;
                }
            }
            if (b == '/')
            {
                _state = State.Name;
                _tokenLength = 0;
            }
            else if (Regular[b])
            {
                _state = State.Keyword;
                _tokenLength = 0;
                Append(b);
            }
        }
        return data.Length;
    }

    /// <summary>Ends a token left open by the end of the data.</summary>
    public void Finish()
    {
        if (_state != State.Between)
        {
            EndToken();
        }
    }

    /// <summary>Called by the inspector once it has handled the stream data.</summary>
    public void StreamDone()
    {
        AtStreamData = false;
        Object = StreamKind.None;
    }

    private void Append(byte b)
    {
        if (_tokenLength < MaxTokenLength)
        {
            _token[_tokenLength] = b;
        }
        // Past the limit the length still grows, so an overlong token never matches a short one.
        _tokenLength = Math.Min(_tokenLength + 1, MaxTokenLength + 1);
    }

    private void EndToken()
    {
        var state = _state;
        _state = State.Between;
        if (_tokenLength > MaxTokenLength)
        {
            return;
        }
        if (state == State.Keyword)
        {
            if (IsToken("obj"u8) || IsToken("endobj"u8))
            {
                Object = StreamKind.None;
            }
            return;
        }
        Span<byte> decoded = stackalloc byte[MaxTokenLength];
        Name(DecodeName(_token.AsSpan(0, _tokenLength), decoded));
    }

    /// <summary>Compared as bytes: a file is full of names (and a file that is not really a PDF of random ones), so none becomes a string.</summary>
    private void Name(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("JS"u8) || name.SequenceEqual("JavaScript"u8) || name.SequenceEqual("Launch"u8)
            || name.SequenceEqual("EmbeddedFile"u8) || name.SequenceEqual("EmbeddedFiles"u8))
        {
            Finding = Encoding.Latin1.GetString(name);
        }
        else if (name.SequenceEqual("ObjStm"u8))
        {
            Object |= StreamKind.ObjectStream;
        }
        else if (name.SequenceEqual("FlateDecode"u8))
        {
            Object |= StreamKind.Flate;
        }
        else if (name.SequenceEqual("Predictor"u8))
        {
            Object |= StreamKind.Predictor;
        }
        else if (IsOtherFilter(name))
        {
            Object |= StreamKind.OtherFilter;
        }
    }

    private static bool IsOtherFilter(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("ASCIIHexDecode"u8) || name.SequenceEqual("ASCII85Decode"u8) || name.SequenceEqual("LZWDecode"u8)
        || name.SequenceEqual("RunLengthDecode"u8) || name.SequenceEqual("CCITTFaxDecode"u8) || name.SequenceEqual("JBIG2Decode"u8)
        || name.SequenceEqual("DCTDecode"u8) || name.SequenceEqual("JPXDecode"u8) || name.SequenceEqual("Crypt"u8);

    private bool IsToken(ReadOnlySpan<byte> keyword) => _token.AsSpan(0, Math.Min(_tokenLength, MaxTokenLength)).SequenceEqual(keyword);

    /// <summary>A name with its #xx escapes decoded (ISO 32000-2 §7.3.5), into <paramref name="decoded"/> (at least as long as the name).</summary>
    private static ReadOnlySpan<byte> DecodeName(ReadOnlySpan<byte> raw, Span<byte> decoded)
    {
        if (raw.IndexOf((byte)'#') < 0)
        {
            return raw;
        }
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && i + 2 < raw.Length
                && char.IsAsciiHexDigit((char)raw[i + 1]) && char.IsAsciiHexDigit((char)raw[i + 2]))
            {
                decoded[length++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else
            {
                decoded[length++] = raw[i];
            }
        }
        return decoded[..length];
    }

    private static int HexValue(byte digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    /// <summary>Regular characters: everything but white space (§7.2.3) and delimiters (§7.2.4).</summary>
    private static bool[] BuildRegular()
    {
        var regular = new bool[256];
        Array.Fill(regular, true);
        foreach (var c in "\0\t\n\f\r ()<>[]{}/%")
        {
            regular[c] = false;
        }
        return regular;
    }
}
