using System.Buffers.Binary;
using System.IO.Compression;
using DigitReader.Web.Imaging;

namespace DigitReader.Web.Tests.Units;

public sealed class PngWriterTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8)); // the catalogued check value of CRC-32/ISO-HDLC

    [Fact]
    public void Output_has_signature_valid_chunk_crcs_and_the_pixels()
    {
        byte[] pixels = [0, 64, 128, 255, 10, 20];
        byte[] png = PngWriter.Encode(3, 2, pixels);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);

        var chunks = new List<(string Type, byte[] Data)>();
        int at = 8;
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add((type, png.AsSpan(at + 8, length).ToArray()));
            at += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0 }, chunks[0].Data[8..]);

        using var inflater = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        Assert.Equal(new byte[] { 0, 0, 64, 128, 0, 255, 10, 20 }, raw.ToArray()); // filter byte 0 before each row
    }

    [Fact]
    public void The_librarys_decoder_reads_it_back()
    {
        var random = new Random(7);
        var pixels = new byte[37 * 19];
        random.NextBytes(pixels);
        var decoded = DigitReader.Imaging.ImageDecoder.DecodeGray(PngWriter.Encode(37, 19, pixels));
        Assert.Equal((37, 19), (decoded.Width, decoded.Height));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Wrong_pixel_count_is_refused() =>
        Assert.Throws<ArgumentException>(() => PngWriter.Encode(2, 2, new byte[3]));
}
