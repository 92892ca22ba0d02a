using System.Runtime.CompilerServices;

namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded segment of a scan (ITU T.81 F.2.2.5, B.1.1.5): bits most significant first,
/// a 0xFF data byte stored as FF 00, and the segment ended by a marker (RSTn or the next segment).
/// </summary>
/// <remarks>
/// <para>Bits are kept left-aligned in a 64-bit buffer so a Huffman lookahead is one shift.</para>
/// <para>
/// Premature end policy: when the segment ends (at a marker or at the end of the file) the reader
/// supplies zero bits, as libjpeg does, so decoding loops never index past the data; but it counts
/// them, and the scan decoder turns any consumed padding into an exception
/// (<see cref="DecodeErrorReason.Truncated"/> at the end of the file, <see cref="DecodeErrorReason.Corrupt"/>
/// at a marker) at the next MCU row or restart boundary. So a truncated file never yields a
/// partly grey picture and a tiny file declaring a huge image fails after one row, not after decoding
/// millions of zero blocks.
/// </para>
/// </remarks>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _buffer;
    private int _bitCount;
    private int _paddingBits;
    private bool _stopped;

    /// <summary>Starts reading at byte <paramref name="start"/> of <paramref name="data"/>.</summary>
    public JpegBitReader(ReadOnlySpan<byte> data, int start)
    {
        _data = data;
        _position = start;
    }

    /// <summary>True once a consumed bit was padding, i.e. the segment held fewer bits than decoding needed.</summary>
    public readonly bool Overran => _bitCount < _paddingBits;

    /// <summary>True if the segment ended because the file ended rather than at a marker.</summary>
    public readonly bool AtEndOfFile => _position >= _data.Length - 1;

    /// <summary>Tops the buffer up to at least 57 bits, with zero padding past the end of the segment.</summary>
    private void Fill()
    {
        while (_bitCount <= 56)
        {
            uint b = 0;
            if (_stopped)
            {
                _paddingBits += 8;
            }
            else if (_position >= _data.Length)
            {
                _stopped = true;
                continue;
            }
            else
            {
                b = _data[_position];
                if (b == 0xFF)
                {
                    // FF 00 is a stuffed data byte; FF followed by anything else (fill bytes, a marker,
                    // or nothing) ends the segment. The reader stays on the FF for SkipToMarker.
                    if (_position + 1 < _data.Length && _data[_position + 1] == 0)
                    {
                        _position += 2;
                    }
                    else
                    {
                        _stopped = true;
                        continue;
                    }
                }
                else
                {
                    _position++;
                }
            }
            _buffer |= (ulong)b << (56 - _bitCount);
            _bitCount += 8;
        }
    }

    /// <summary>Decodes one Huffman-coded symbol (ITU T.81 F.2.2.3) with a 9-bit lookahead.</summary>
    /// <exception cref="ImageDecodeException">The bits form no code of <paramref name="table"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeHuffman(HuffmanTable table)
    {
        if (_bitCount < 16) Fill();
        int entry = table.Lookup[(int)(_buffer >> (64 - HuffmanTable.LookupBits))];
        if (entry != 0)
        {
            int length = entry >> 8;
            _buffer <<= length;
            _bitCount -= length;
            return entry & 0xFF;
        }
        return DecodeLong(table);
    }

    /// <summary>
    /// Decodes an AC run/size code and its value in one lookup when both fit in the lookahead
    /// (<see cref="HuffmanTable.FastAc"/>); returns that entry, or 0, consuming nothing, when they do not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeFastAc(HuffmanTable table)
    {
        if (_bitCount < 16) Fill();
        int entry = table.FastAc[(int)(_buffer >> (64 - HuffmanTable.LookupBits))];
        int length = entry & 15;
        _buffer <<= length;
        _bitCount -= length;
        return entry;
    }

    private int DecodeLong(HuffmanTable table)
    {
        for (int length = HuffmanTable.LookupBits + 1; length <= 16; length++)
        {
            int code = (int)(_buffer >> (64 - length));
            if (code <= table.MaxCode[length])
            {
                _buffer <<= length;
                _bitCount -= length;
                return table.Values[code + table.ValueOffset[length]];
            }
        }
        // Consume the bad bits so Overran tells a cut-off file from a damaged one.
        _buffer <<= 16;
        _bitCount -= 16;
        throw Overran && AtEndOfFile
            ? JpegError.Truncated("the file ends in the middle of the image data.")
            : JpegError.Corrupt("the image data contains a bit sequence that is not a code of its Huffman table.");
    }

    /// <summary>
    /// Reads <paramref name="size"/> bits (0–16) as the magnitude category value of T.81 F.2.2.1
    /// (Table F.1) and returns the signed value ("EXTEND").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int size)
    {
        if (size == 0) return 0;
        if (_bitCount < size) Fill();
        int value = (int)(_buffer >> (64 - size));
        _buffer <<= size;
        _bitCount -= size;
        return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
    }

    /// <summary>Reads <paramref name="count"/> bits (0–16) as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBits(int count)
    {
        if (count == 0) return 0;
        if (_bitCount < count) Fill();
        int value = (int)(_buffer >> (64 - count));
        _buffer <<= count;
        _bitCount -= count;
        return value;
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        if (_bitCount < 1) Fill();
        int value = (int)(_buffer >> 63);
        _buffer <<= 1;
        _bitCount--;
        return value;
    }

    /// <summary>
    /// Throws if decoding used more bits than the segment held. <paramref name="where"/> completes the
    /// message, e.g. "in scan 2".
    /// </summary>
    public readonly void ThrowIfOverran(string where)
    {
        if (!Overran) return;
        int marker = AtEndOfFile ? _data.Length : NextMarker();
        if (marker >= _data.Length)
            throw JpegError.Truncated($"the file ends before the image data {where} is complete.");
        throw JpegError.Corrupt($"the image data {where} stops early, at marker {JpegMarker.Describe(_data[marker + 1])}.");
    }

    /// <summary>
    /// Drops the buffered bits (the padding at the end of a segment) and moves past any bytes left
    /// before the next marker, as libjpeg does. Returns the position of the marker's first 0xFF, or the
    /// file length if there is no further marker.
    /// </summary>
    public int SkipToMarker()
    {
        int position = NextMarker();
        _position = position;
        _buffer = 0;
        _bitCount = 0;
        _paddingBits = 0;
        _stopped = false;
        return position;
    }

    private readonly int NextMarker()
    {
        // Bytes already in the buffer came before _position, so searching from there is enough.
        int p = _position;
        while (p + 1 < _data.Length)
        {
            if (_data[p] == 0xFF && _data[p + 1] != 0 && _data[p + 1] != 0xFF) return p;
            p++;
        }
        return _data.Length;
    }

    /// <summary>
    /// At the end of a restart interval: skips to the next marker, checks it is RSTn with the expected
    /// <paramref name="number"/> (0–7), consumes it and resets the bit buffer (T.81 F.2.1.3, B.2.1).
    /// </summary>
    /// <exception cref="ImageDecodeException">The file ends, or a different marker follows.</exception>
    public void ReadRestartMarker(int number)
    {
        int p = SkipToMarker();
        if (p >= _data.Length)
            throw JpegError.Truncated($"the file ends where restart marker RST{number} was expected.");
        byte code = _data[p + 1];
        if (code != JpegMarker.Rst0 + number)
            throw JpegError.Corrupt($"expected restart marker RST{number} but found {JpegMarker.Describe(code)}.");
        _position = p + 2;
    }
}
