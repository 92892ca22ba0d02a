namespace DigitReader.Web.Imaging;

/// <summary>
/// CRC-32 as used by PNG and zlib's gzip (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320).
/// Written here because System.IO.Hashing is a separate package the offline mirror may not have.
/// </summary>
public static class Crc32
{
    /// <summary>The register's starting value; XOR the final register with it to get the CRC.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Feeds <paramref name="data"/> into a running CRC register.</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) register = Table[(register ^ b) & 0xFF] ^ (register >> 8);
        return register;
    }

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(Initial, data) ^ Initial;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
