using System.Buffers.Binary;

namespace DigitReader.Imaging.Png;

/// <summary>
/// Walks the chunks of a PNG file after its 8-byte signature (PNG specification §5.2, §5.3), checking
/// each chunk's bounds, type letters and CRC-32 before handing it out.
/// </summary>
internal ref struct PngChunkReader
{
    private readonly ReadOnlySpan<byte> _file;
    private int _position;

    /// <summary>Starts reading at <paramref name="position"/> (8, just after the signature, for a whole file).</summary>
    public PngChunkReader(ReadOnlySpan<byte> file, int position = 8)
    {
        _file = file;
        _position = position;
    }

    /// <summary>Reads the next chunk; false when the file ends exactly at a chunk boundary.</summary>
    /// <exception cref="ImageDecodeException">Truncated chunk, impossible length, bad type letters or bad CRC.</exception>
    public bool TryReadNext(out PngChunk chunk)
    {
        int remaining = _file.Length - _position;
        if (remaining == 0)
        {
            chunk = default;
            return false;
        }
        if (remaining < 8)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                "The PNG file ends in the middle of a chunk header (truncated).");

        uint length = BinaryPrimitives.ReadUInt32BigEndian(_file.Slice(_position, 4));
        var typeBytes = _file.Slice(_position + 4, 4);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(typeBytes);
        foreach (byte b in typeBytes)
            if (!char.IsAsciiLetter((char)b))
                throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                    $"The PNG file has a chunk at byte {_position} whose type is not four letters (the file is damaged).");

        string name = PngChunkTypes.Name(type);
        // §5.3: lengths are limited to 2^31 − 1.
        if (length > int.MaxValue)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG {name} chunk declares an impossible length of {length:N0} bytes (the file is damaged).");
        if ((long)length + 12 > remaining)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                $"The PNG file ends in the middle of its {name} chunk (truncated).");

        var data = _file.Slice(_position + 8, (int)length);
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(_file.Slice(_position + 8 + (int)length, 4));
        if (stored != PngCrc32.Compute(typeBytes, data))
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG {name} chunk fails its CRC check (the file is damaged).");

        chunk = new PngChunk(type, data, _position);
        _position += (int)length + 12;
        return true;
    }
}
