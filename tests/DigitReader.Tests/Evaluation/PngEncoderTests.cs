using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DigitReader.Evaluation;
using Xunit;

namespace DigitReader.Tests.Evaluation;

public sealed class PngEncoderTests
{
    /// <summary>
    /// An independent reader for what the encoder writes: checks the signature, walks the chunks,
    /// checks every CRC, and inflates IDAT (filter type 0 only).
    /// </summary>
    internal static byte[] DecodeGray8(byte[] png, out int width, out int height)
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
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), Crc32.Compute(png.AsSpan(at + 4, 4 + length)));
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
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
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

    [Fact]
    public void CRC_32_gives_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void Encodes_a_small_image_that_reads_back_exactly()
    {
        byte[] pixels = [0, 64, 128, 255, 1, 2];
        var png = PngEncoder.EncodeGray8(pixels, 3, 2);

        Assert.Equal(pixels, DecodeGray8(png, out int width, out int height));
        Assert.Equal((3, 2), (width, height));
        // Chunk CRCs computed independently (Python's zlib.crc32): IHDR of a 3×2 8-bit gray image, and IEND.
        Assert.Equal(0xB81F39C6u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8 + 8 + 13)));
        Assert.Equal(0xAE426082u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(png.Length - 4)));
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", PngEncoder.ToDataUri(png));
    }

    [Fact]
    public void Rejects_a_pixel_count_that_does_not_match()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeGray8(new byte[5], 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.EncodeGray8([], 0, 2));
    }
}
