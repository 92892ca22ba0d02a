using DigitReader.Imaging;
using DigitReader.Imaging.Jpeg;
using Xunit;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>Huffman table construction (T.81 Annex C) and decoding through the bit reader.</summary>
public sealed class HuffmanTableTests
{
    [Fact]
    public void Codes_are_assigned_canonically_and_decode_short_and_long()
    {
        // Lengths: one code of 1 bit ("0" → 'a'), one of 2 ("10" → 'b'), one of 12 ("110000000000" → 'c').
        var counts = new byte[16];
        counts[0] = 1; counts[1] = 1; counts[11] = 1;
        var table = new HuffmanTable(counts, "abc"u8);
        // Bits: 0 | 10 | 110000000000 | 0 then padding 1s: 0101 1000 0000 0000 0111 1111
        byte[] data = [0x58, 0x00, 0x7F];
        var reader = new JpegBitReader(data, 0);
        Assert.Equal('a', reader.DecodeHuffman(table));
        Assert.Equal('b', reader.DecodeHuffman(table));
        Assert.Equal('c', reader.DecodeHuffman(table));
        Assert.Equal('a', reader.DecodeHuffman(table));
        Assert.False(reader.Overran);
    }

    [Fact]
    public void Too_many_codes_of_one_length_is_corrupt()
    {
        var counts = new byte[16];
        counts[1] = 5;  // only four 2-bit codes exist
        var error = Assert.Throws<ImageDecodeException>(() => new HuffmanTable(counts, "abcde"u8));
        Assert.Equal(DecodeErrorReason.Corrupt, error.Reason);
    }

    [Fact]
    public void Stuffed_FF_bytes_are_data_and_a_marker_ends_the_segment()
    {
        var counts = new byte[16];
        counts[7] = 2;  // two 8-bit codes: 0x00 → 'x', 0x01 → 'y'
        var table = new HuffmanTable(counts, "xy"u8);
        byte[] data = [0x00, 0x01, 0xFF, 0xD9];
        var reader = new JpegBitReader(data, 0);
        Assert.Equal('x', reader.DecodeHuffman(table));
        Assert.Equal('y', reader.DecodeHuffman(table));
        Assert.False(reader.Overran);
        Assert.Equal('x', reader.DecodeHuffman(table));  // zero padding at the marker…
        Assert.True(reader.Overran);                      // …is noticed
        Assert.False(reader.AtEndOfFile);
        Assert.Equal(2, reader.SkipToMarker());
    }
}
