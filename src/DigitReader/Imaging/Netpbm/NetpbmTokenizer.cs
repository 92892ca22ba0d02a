namespace DigitReader.Imaging.Netpbm;

/// <summary>
/// Reads the ASCII parts of a Netpbm file: decimal numbers separated by whitespace, where "#" starts a
/// comment running to the end of the line (Netpbm documentation, "pgm" and "ppm" format specifications).
/// Every method advances or throws, so no input makes it loop.
/// </summary>
internal ref struct NetpbmTokenizer
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _format;

    public NetpbmTokenizer(ReadOnlySpan<byte> data, int position, string format)
    {
        _data = data;
        Position = position;
        _format = format;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _data.Length - Position;

    /// <summary>Netpbm's whitespace: the characters C's isspace() accepts.</summary>
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    /// <summary>
    /// Reads a number, skipping whitespace and comments before it. Values above <paramref name="max"/> are an error
    /// (<paramref name="tooLarge"/>), detected without overflow however many digits follow.
    /// </summary>
    /// <param name="what">What the number is, for messages ("width", "pixel value"…).</param>
    /// <param name="max">The largest valid value.</param>
    /// <param name="tooLarge">The reason reported for a value above <paramref name="max"/>.</param>
    /// <exception cref="ImageDecodeException">The file ends, a non-digit appears, or the value exceeds <paramref name="max"/>.</exception>
    public int ReadNumber(string what, int max, DecodeErrorReason tooLarge = DecodeErrorReason.Corrupt)
    {
        SkipSeparators(what);
        if (!char.IsAsciiDigit((char)_data[Position]))
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The {_format} file has '{Printable(_data[Position])}' where its {what} should be (the file is damaged).");
        long value = 0;
        while (Position < _data.Length && char.IsAsciiDigit((char)_data[Position]))
        {
            value = value * 10 + (_data[Position++] - '0');
            if (value > max)
                throw new ImageDecodeException(tooLarge,
                    $"The {_format} file's {what} is larger than {max:N0}.");
        }
        return (int)value;
    }

    /// <summary>Reads one plain-PBM (P1) pixel: '0' or '1', separators optional.</summary>
    public bool ReadBit()
    {
        SkipSeparators("pixels");
        byte b = _data[Position++];
        return b switch
        {
            (byte)'0' => false,
            (byte)'1' => true,
            _ => throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The {_format} file has '{Printable(b)}' where a pixel (0 or 1) should be (the file is damaged)."),
        };
    }

    /// <summary>Consumes the single whitespace byte that separates a binary format's header from its raster.</summary>
    public void ReadRasterSeparator()
    {
        if (Position >= _data.Length)
            throw new ImageDecodeException(DecodeErrorReason.Truncated, $"The {_format} file ends right after its header (truncated).");
        if (!IsWhitespace(_data[Position]))
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The {_format} header is not followed by whitespace before the pixels (the file is damaged).");
        Position++;
    }

    private void SkipSeparators(string what)
    {
        while (Position < _data.Length)
        {
            byte b = _data[Position];
            if (IsWhitespace(b))
                Position++;
            else if (b == (byte)'#')
            {
                while (Position < _data.Length && _data[Position] is not ((byte)'\n' or (byte)'\r'))
                    Position++;
            }
            else
                return;
        }
        throw new ImageDecodeException(DecodeErrorReason.Truncated, $"The {_format} file ends before its {what} (truncated).");
    }

    private static string Printable(byte b) => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}";
}
