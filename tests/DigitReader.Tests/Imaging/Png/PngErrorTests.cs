using Xunit;
using System.Buffers.Binary;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging.Png;

/// <summary>Each kind of damage to a PNG gives the right reason and a readable message, never a crash.</summary>
public class PngErrorTests
{
    private static byte[] Valid => Corpus.Instance.Get("png-palette4-trns-plain-17x9.png").Bytes;

    private static byte[] Gray8(int width, int height, byte[] idatPayload, params byte[][] extra) =>
        PngFacts.File([PngFacts.Ihdr(width, height, 8, 0), .. extra, PngFacts.Chunk("IDAT", idatPayload), PngFacts.Chunk("IEND", [])]);

    [Fact]
    public void Every_truncation_is_reported_as_truncated()
    {
        var png = Valid;
        for (int length = 8; length < png.Length; length++)
        {
            var e = DecodeAssert.Fails(DecodeErrorReason.Truncated, png[..length]);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void Truncation_inside_IDAT_names_the_chunk()
    {
        var png = Valid;
        var idat = PngFacts.Chunks(png).First(c => c.Type == "IDAT");
        var e = DecodeAssert.Fails(DecodeErrorReason.Truncated, png[..(idat.Offset + 10)]);
        Assert.Equal("The PNG file ends in the middle of its IDAT chunk (truncated).", e.Message);
    }

    [Theory]
    [InlineData("IHDR")]
    [InlineData("PLTE")]
    [InlineData("tRNS")]
    [InlineData("IDAT")]
    public void A_damaged_byte_fails_the_chunk_CRC(string type)
    {
        var png = Valid;
        var chunk = PngFacts.Chunks(png).First(c => c.Type == type);
        png[chunk.Offset + 8] ^= 0x10;
        var e = DecodeAssert.Fails(DecodeErrorReason.Corrupt, png);
        Assert.Contains($"{type} chunk fails its CRC check", e.Message);
    }

    [Fact]
    public void Invalid_zlib_data_is_corrupt()
    {
        var e = DecodeAssert.Fails(DecodeErrorReason.Corrupt, Gray8(4, 4, [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11, 0x22]));
        Assert.Contains("zlib", e.Message);
    }

    [Fact]
    public void A_zlib_stream_that_ends_early_is_truncated()
    {
        var e = DecodeAssert.Fails(DecodeErrorReason.Truncated, Gray8(4, 4, PngFacts.Zlib(new byte[10])));
        Assert.Contains("ends after 10 of 20 bytes", e.Message);
    }

    [Fact]
    public void An_unknown_filter_type_is_corrupt()
    {
        var e = DecodeAssert.Fails(DecodeErrorReason.Corrupt, Gray8(2, 2, PngFacts.Zlib([0, 1, 2, 7, 3, 4])));
        Assert.Contains("scanline 1 has filter type 7", e.Message);
    }

    [Fact]
    public void Absurd_dimensions_are_refused_before_allocating()
    {
        var png = Gray8(100_000, 100_000, PngFacts.Zlib([0, 0]));
        long allocated = DecodeAssert.AllocatedBy(() => DecodeAssert.Fails(DecodeErrorReason.ImageTooLarge, png));
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_header_over_the_pixel_limit_is_refused_before_allocating()
    {
        // 20,000 × 20,000 = 400 megapixels: each side is allowed, the area is not.
        var png = Gray8(20_000, 20_000, PngFacts.Zlib([0, 0]));
        long allocated = DecodeAssert.AllocatedBy(() =>
        {
            var e = DecodeAssert.Fails(DecodeErrorReason.ImageTooLarge, png);
            Assert.Contains("400,000,000 pixels", e.Message);
        });
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    public void A_zero_dimension_is_invalid(int width, int height) =>
        DecodeAssert.Fails(DecodeErrorReason.InvalidDimensions, Gray8(width, height, PngFacts.Zlib([0, 0])));

    [Fact]
    public void A_tiny_IDAT_that_inflates_to_10_MB_only_inflates_the_declared_image()
    {
        // A decompression bomb: a 1×1 image whose zlib stream would inflate to 10 MB.
        var bomb = Gray8(1, 1, PngFacts.Zlib(new byte[10_000_000]));
        Assert.True(bomb.Length < 20_000);
        RgbaImage? image = null;
        long allocated = DecodeAssert.AllocatedBy(() => image = ImageDecoder.Decode(bomb));
        Assert.Equal([0, 0, 0, 255], image!.Pixels);
        Assert.True(allocated < 200_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_large_header_with_too_little_data_is_refused_before_allocating()
    {
        // 6000 × 6000 is within the limits, but 20 bytes of deflate data cannot hold 36 MB of scanlines.
        var png = Gray8(6000, 6000, PngFacts.Zlib(new byte[100]));
        long allocated = DecodeAssert.AllocatedBy(() => DecodeAssert.Fails(DecodeErrorReason.Truncated, png));
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_palette_index_past_the_palette_is_corrupt()
    {
        var png = PngFacts.File(PngFacts.Ihdr(3, 1, 8, 3), PngFacts.Chunk("PLTE", new byte[6]),
            PngFacts.Chunk("IDAT", PngFacts.Zlib([0, 0, 1, 2])), PngFacts.Chunk("IEND", []));
        var e = DecodeAssert.Fails(DecodeErrorReason.Corrupt, png);
        Assert.Contains("palette index 2", e.Message);
    }

    [Fact]
    public void A_palette_image_without_PLTE_is_corrupt()
    {
        var png = PngFacts.File(PngFacts.Ihdr(1, 1, 8, 3), PngFacts.Chunk("IDAT", PngFacts.Zlib([0, 0])), PngFacts.Chunk("IEND", []));
        Assert.Contains("no PLTE", DecodeAssert.Fails(DecodeErrorReason.Corrupt, png).Message);
    }

    [Fact]
    public void An_unknown_critical_chunk_is_an_unsupported_feature_but_unknown_ancillary_chunks_are_skipped()
    {
        var critical = Gray8(1, 1, PngFacts.Zlib([0, 9]), PngFacts.Chunk("ABCD", [1, 2]));
        Assert.Contains("ABCD", DecodeAssert.Fails(DecodeErrorReason.UnsupportedFeature, critical).Message);
        var ancillary = Gray8(1, 1, PngFacts.Zlib([0, 9]), PngFacts.Chunk("abCD", [1, 2]), PngFacts.Chunk("gAMA", [0, 0, 0xB1, 0x8F]));
        Assert.Equal([9, 9, 9, 255], ImageDecoder.Decode(ancillary).Pixels);
    }

    [Fact]
    public void Chunks_out_of_order_are_corrupt()
    {
        var idatFirst = PngFacts.File(PngFacts.Chunk("IDAT", PngFacts.Zlib([0, 0])), PngFacts.Ihdr(1, 1, 8, 0), PngFacts.Chunk("IEND", []));
        Assert.Contains("IHDR must come first", DecodeAssert.Fails(DecodeErrorReason.Corrupt, idatFirst).Message);
        var split = PngFacts.File(PngFacts.Ihdr(1, 1, 8, 0), PngFacts.Chunk("IDAT", PngFacts.Zlib([0, 0])[..4]),
            PngFacts.Chunk("tEXt", "a\0b"u8), PngFacts.Chunk("IDAT", PngFacts.Zlib([0, 0])[4..]), PngFacts.Chunk("IEND", []));
        Assert.Contains("not consecutive", DecodeAssert.Fails(DecodeErrorReason.Corrupt, split).Message);
    }

    [Fact]
    public void A_missing_IEND_is_truncated()
    {
        var png = Gray8(1, 1, PngFacts.Zlib([0, 0]));
        var e = DecodeAssert.Fails(DecodeErrorReason.Truncated, png[..^12]);
        Assert.Equal("The PNG file ends before its IEND chunk (truncated).", e.Message);
    }

    [Theory]
    [InlineData(8, 1)]   // no colour type 1
    [InlineData(16, 3)]  // palette indices stop at 8 bits
    [InlineData(4, 2)]   // RGB needs 8 or 16
    public void An_impossible_colour_type_and_depth_is_corrupt(int depth, int colorType)
    {
        var png = PngFacts.File(PngFacts.Ihdr(1, 1, depth, colorType), PngFacts.Chunk("IDAT", PngFacts.Zlib([0, 0])), PngFacts.Chunk("IEND", []));
        Assert.Contains($"colour type {colorType} with bit depth {depth}", DecodeAssert.Fails(DecodeErrorReason.Corrupt, png).Message);
    }

    [Fact]
    public void A_chunk_length_over_two_gigabytes_is_corrupt()
    {
        var png = Gray8(1, 1, PngFacts.Zlib([0, 0]));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(33), 0x9000_0000);
        Assert.Contains("impossible length", DecodeAssert.Fails(DecodeErrorReason.Corrupt, png).Message);
    }
}
