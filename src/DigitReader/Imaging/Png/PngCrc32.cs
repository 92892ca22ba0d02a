using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DigitReader.Imaging.Png;

/// <summary>
/// The CRC-32 that guards every PNG chunk (PNG specification, 3rd edition, §5.5 "CRC algorithm" and
/// Annex D): ISO 3309 / ITU-T V.42 polynomial, reflected, initial value and final XOR 0xFFFFFFFF.
/// Our own table-driven implementation: System.IO.Hashing, which has one, is neither part of the shared
/// framework nor on our package source.
/// </summary>
public static class PngCrc32
{
    // Slicing-by-8 (Kounavis & Berry, "A Systematic Approach to Building High Performance Software-Based CRC
    // Generators", 2005): eight tables let the loop consume 8 bytes per step, several times faster than one
    // byte per step on IDAT data, which is most of a file.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>The CRC of the concatenation of <paramref name="type"/> and <paramref name="data"/>, as stored after a chunk.</summary>
    public static uint Compute(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data) =>
        ~Update(Update(0xFFFFFFFFu, type), data);

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        // Every index below is a byte plus k · 256 for k < 8, inside the 2,048 entries: no bounds checks.
        ref uint t = ref MemoryMarshal.GetArrayDataReference(Tables);
        ref byte b = ref MemoryMarshal.GetReference(bytes);
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, i), 8));
            uint low = crc ^ (uint)word, high = (uint)(word >> 32);
            crc = Unsafe.Add(ref t, 7 * 256 + (int)(low & 0xFF)) ^ Unsafe.Add(ref t, 6 * 256 + (int)((low >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 5 * 256 + (int)((low >> 16) & 0xFF)) ^ Unsafe.Add(ref t, 4 * 256 + (int)(low >> 24))
                ^ Unsafe.Add(ref t, 3 * 256 + (int)(high & 0xFF)) ^ Unsafe.Add(ref t, 2 * 256 + (int)((high >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 256 + (int)((high >> 16) & 0xFF)) ^ Unsafe.Add(ref t, (int)(high >> 24));
        }
        for (; i < bytes.Length; i++)
            crc = Unsafe.Add(ref t, (int)((crc ^ Unsafe.Add(ref b, i)) & 0xFF)) ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTables()
    {
        var t = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        // Table k gives the effect of a byte followed by k zero bytes.
        for (int k = 1; k < 8; k++)
            for (int n = 0; n < 256; n++)
                t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ t[(int)(t[(k - 1) * 256 + n] & 0xFF)];
        return t;
    }
}
