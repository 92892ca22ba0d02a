using Xunit;
using System.Buffers.Binary;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging.Bmp;

public class BmpDecoderTests
{
    public static IEnumerable<object[]> Files => Corpus.Names(ImageFormat.Bmp);

    [Theory]
    [MemberData(nameof(Files))]
    public void Decodes_exactly_as_ImageMagick(string name) => DecodeAssert.DecodesLikeImageMagick(name);

    [Fact]
    public void Top_down_and_bottom_up_rows_give_the_same_image()
    {
        var rgba = SourcePixels.Make(SourcePixels.Kind.Rgb, 5, 3, seed: 7).Select(s => (byte)(s >> 8)).ToArray();
        var bottomUp = ImageDecoder.Decode(BmpWriter.Write(5, 3, rgba, 24));
        var topDown = ImageDecoder.Decode(BmpWriter.Write(5, 3, rgba, 24, topDown: true));
        Assert.Equal(rgba, bottomUp.Pixels);
        Assert.Equal(rgba, topDown.Pixels);
    }

    [Fact]
    public void The_unused_byte_of_a_32_bit_BI_RGB_pixel_is_not_alpha()
    {
        var rgba = new byte[] { 10, 20, 30, 0, 40, 50, 60, 7 };
        var image = ImageDecoder.Decode(BmpWriter.Write(2, 1, rgba, 32));
        Assert.Equal(new byte[] { 10, 20, 30, 255, 40, 50, 60, 255 }, image.Pixels);
    }

    [Fact]
    public void Every_truncation_is_reported_as_truncated()
    {
        // 17 four-bit pixels fill 9 bytes of a 12-byte row. The last row's padding may be missing (some writers
        // omit it), so only cuts into its pixels count as truncation.
        var bmp = Corpus.Instance.Get("bmp-pal4-17x9.bmp").Bytes;
        int padding = 3;
        for (int length = 2; length < bmp.Length - padding; length++)
            Assert.Contains("truncated", DecodeAssert.Fails(DecodeErrorReason.Truncated, bmp[..length]).Message);
        for (int length = bmp.Length - padding; length <= bmp.Length; length++)
            Assert.Equal(ImageDecoder.Decode(bmp).Pixels, ImageDecoder.Decode(bmp[..length]).Pixels);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    public void RLE_compression_is_an_unsupported_feature(uint compression)
    {
        var bmp = BmpWriter.Write(4, 4, new byte[64], 8);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(30), compression);
        if (compression == 2) BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(28), 4);
        var e = DecodeAssert.Fails(DecodeErrorReason.UnsupportedFeature, bmp);
        Assert.Equal("This BMP uses RLE compression, which is not supported; save it as an uncompressed BMP or as PNG.", e.Message);
    }

    [Theory]
    [InlineData(0, 4, DecodeErrorReason.InvalidDimensions)]
    [InlineData(4, 0, DecodeErrorReason.InvalidDimensions)]
    [InlineData(-4, 4, DecodeErrorReason.InvalidDimensions)]
    [InlineData(100_000, 100_000, DecodeErrorReason.ImageTooLarge)]
    [InlineData(20_000, -20_000, DecodeErrorReason.ImageTooLarge)]
    [InlineData(4, int.MinValue, DecodeErrorReason.ImageTooLarge)]
    public void Bad_dimensions_are_refused_before_allocating(int width, int height, DecodeErrorReason reason)
    {
        var bmp = BmpWriter.Write(4, 4, new byte[64], 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        long allocated = DecodeAssert.AllocatedBy(() => DecodeAssert.Fails(reason, bmp));
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_large_header_with_little_pixel_data_is_truncated_before_allocating()
    {
        var bmp = BmpWriter.Write(4, 4, new byte[64], 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 5000);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 5000);
        long allocated = DecodeAssert.AllocatedBy(() => DecodeAssert.Fails(DecodeErrorReason.Truncated, bmp));
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void An_unknown_header_size_is_corrupt()
    {
        var bmp = BmpWriter.Write(4, 4, new byte[64], 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 41);
        Assert.Contains("41-byte bitmap header", DecodeAssert.Fails(DecodeErrorReason.Corrupt, bmp).Message);
    }

    [Fact]
    public void A_colour_index_past_the_colour_table_is_corrupt()
    {
        var rgba = new byte[] { 1, 2, 3, 255, 4, 5, 6, 255 };
        var bmp = BmpWriter.Write(2, 1, rgba, 8);
        bmp[^3] = 9; // second pixel → index 9 of a 2-entry table
        Assert.Contains("colour index 9", DecodeAssert.Fails(DecodeErrorReason.Corrupt, bmp).Message);
    }

    [Fact]
    public void A_gapped_bit_mask_is_corrupt()
    {
        var bmp = BmpWriter.Write(2, 1, new byte[8], 32, compression: BmpWriter.BiBitfields, masks: [0xF0F0, 0xF00000, 0xF]);
        Assert.Contains("not a contiguous run", DecodeAssert.Fails(DecodeErrorReason.Corrupt, bmp).Message);
    }

    [Fact]
    public void A_pixel_offset_inside_the_headers_is_corrupt()
    {
        var bmp = BmpWriter.Write(2, 1, new byte[8], 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 20);
        Assert.Contains("points inside the headers", DecodeAssert.Fails(DecodeErrorReason.Corrupt, bmp).Message);
    }
}
