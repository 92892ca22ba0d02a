using System.Text;
using DigitReader.Imaging.Png;

namespace DigitReader.Tests.Imaging.Png;

/// <summary>The chunk CRC against its published check values and a bit-at-a-time reference (PNG spec Annex D).</summary>
public sealed class PngCrc32Tests
{
    [Fact]
    public void Published_check_values()
    {
        // CRC-32 of "123456789" is 0xCBF43926 (the catalogue's check value); the type and the data are one message.
        Assert.Equal(0xCBF43926u, PngCrc32.Compute("1234"u8, "56789"u8));
        // Every PNG ends with the same IEND chunk: length 0, type "IEND", CRC AE 42 60 82.
        Assert.Equal(0xAE426082u, PngCrc32.Compute("IEND"u8, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Every_length_and_offset_matches_the_bitwise_definition()
    {
        var random = new Random(32);
        var buffer = new byte[300];
        random.NextBytes(buffer);
        var type = Encoding.ASCII.GetBytes("IDAT");
        for (int offset = 0; offset < 9; offset++)
            for (int length = 0; length + offset <= buffer.Length; length += length < 40 ? 1 : 37)
            {
                var data = buffer.AsSpan(offset, length);
                Assert.Equal(Bitwise([.. type, .. data]), PngCrc32.Compute(type, data));
            }
    }

    /// <summary>Annex D's algorithm, one bit at a time, with no tables.</summary>
    private static uint Bitwise(byte[] message)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in message)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
