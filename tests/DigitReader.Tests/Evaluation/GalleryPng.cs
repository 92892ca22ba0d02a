using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DigitReader.Tests.Evaluation;

/// <summary>
/// An independent reader for the gallery's PNG images, with its own CRC-32: checks the signature, walks
/// the chunks, checks every CRC, and inflates IDAT (8-bit grayscale, filter type 0 only, as written).
/// </summary>
internal static class GalleryPng
{
    public static byte[] DecodeGray8(byte[] png, out int width, out int height)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        width = height = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            Assert.Equal(Crc32(png.AsSpan(at + 4, 4 + length)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(new byte[] { 8, 0, 0, 0, 0 }, data[8..].ToArray());
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal((width + 1) * height, rows.Length);
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * (width + 1)]);
            rows.AsSpan(y * (width + 1) + 1, width).CopyTo(pixels.AsSpan(y * width));
        }
        return pixels;
    }

    /// <summary>Bitwise CRC-32 (reflected 0xEDB88320), deliberately not table-driven like the encoder's.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}

public sealed class GalleryPngTests
{
    [Fact]
    public void The_test_reader_CRC_gives_the_standard_check_values()
    {
        // "123456789" is the CRC catalogue's check string; IEND's CRC appears in every PNG file.
        Assert.Equal(0xCBF43926u, GalleryPng.Crc32("123456789"u8));
        Assert.Equal(0xAE426082u, GalleryPng.Crc32("IEND"u8));
    }
}
