namespace DigitReader.Imaging.Png;

/// <summary>
/// One chunk as laid out in PNG specification §5.3 "Chunk layout": a 4-byte big-endian length, a 4-byte
/// type, the data, and a CRC over type and data (already verified when a chunk reaches the decoder).
/// </summary>
internal readonly ref struct PngChunk
{
    public PngChunk(uint type, ReadOnlySpan<byte> data, int start)
    {
        Type = type;
        Data = data;
        Start = start;
    }

    /// <summary>The chunk type's four ASCII letters as a big-endian number (compare with <see cref="PngChunkTypes"/>).</summary>
    public uint Type { get; }

    /// <summary>The chunk data (without length, type or CRC).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Offset in the file of the chunk's length field.</summary>
    public int Start { get; }

    /// <summary>The type as text, for messages.</summary>
    public string Name => PngChunkTypes.Name(Type);

    /// <summary>
    /// Whether a decoder must understand the chunk to show the image: bit 5 of the first type byte is 0
    /// (an uppercase letter), PNG specification §5.4 "Chunk naming conventions".
    /// </summary>
    public bool IsCritical => (Type & 0x2000_0000u) == 0;
}

/// <summary>The chunk types the decoder acts on (PNG specification §11.2 "Critical chunks", §11.3.2 "tRNS").</summary>
internal static class PngChunkTypes
{
    public const uint IHDR = 0x49484452;
    public const uint PLTE = 0x504C5445;
    public const uint IDAT = 0x49444154;
    public const uint IEND = 0x49454E44;
    public const uint tRNS = 0x74524E53;

    public static string Name(uint type) => new([(char)(type >> 24), (char)((type >> 16) & 0xFF), (char)((type >> 8) & 0xFF), (char)(type & 0xFF)]);
}
