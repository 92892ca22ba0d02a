namespace DigitReader.Imaging.Png;

/// <summary>
/// The CRC-32 that guards every PNG chunk (PNG specification, 3rd edition, §5.5 "CRC algorithm" and
/// Annex D): ISO 3309 / ITU-T V.42 polynomial, reflected, initial value and final XOR 0xFFFFFFFF.
/// Our own table-driven implementation, because System.IO.Hashing is not part of the shared framework.
/// </summary>
public static class PngCrc32
{
    // Slicing-by-4: four tables let the loop consume 4 bytes per step, about 3× faster than one byte
    // per step on IDAT data, which is most of a file.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>The CRC of the concatenation of <paramref name="type"/> and <paramref name="data"/>, as stored after a chunk.</summary>
    public static uint Compute(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data) =>
        ~Update(Update(0xFFFFFFFFu, type), data);

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        var t = Tables;
        int i = 0;
        for (; i + 4 <= bytes.Length; i += 4)
        {
            crc ^= (uint)(bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 | bytes[i + 3] << 24);
            crc = t[768 + (int)(crc & 0xFF)] ^ t[512 + (int)((crc >> 8) & 0xFF)]
                ^ t[256 + (int)((crc >> 16) & 0xFF)] ^ t[(int)(crc >> 24)];
        }
        for (; i < bytes.Length; i++)
            crc = t[(int)((crc ^ bytes[i]) & 0xFF)] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTables()
    {
        var t = new uint[1024];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        // Table k gives the effect of a byte followed by k zero bytes.
        for (int k = 1; k < 4; k++)
            for (int n = 0; n < 256; n++)
                t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ t[(int)(t[(k - 1) * 256 + n] & 0xFF)];
        return t;
    }
}
