using Xunit;
using System.Text;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging.Netpbm;

public class NetpbmDecoderTests
{
    public static IEnumerable<object[]> Files => Corpus.Names(ImageFormat.Netpbm);

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static bool NetpbmWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    [Theory]
    [MemberData(nameof(Files))]
    public void Decodes_exactly_as_ImageMagick(string name) => DecodeAssert.DecodesLikeImageMagick(name);

    [Fact]
    public void Samples_scale_down_from_maxval_and_values_above_it_clamp()
    {
        var image = ImageDecoder.Decode(Ascii("P2 # comment\n5 1 # another\n1000\n0 1 500 1000 1234\n"));
        Assert.Equal(new byte[] { 0, 0, 127, 255, 255 }, image.Pixels.Where((_, i) => i % 4 == 0).ToArray());
    }

    [Fact]
    public void Plain_bitmaps_need_no_separators_between_pixels()
    {
        var image = ImageDecoder.Decode(Ascii("P1\n3 2\n010\n1 1 0\n"));
        Assert.Equal(new byte[] { 255, 0, 255, 0, 0, 255 }, image.Pixels.Where((_, i) => i % 4 == 0).ToArray());
    }

    [Theory]
    [InlineData("pnm-p2-17x9.pnm")]
    [InlineData("pnm-p6-16-17x9.pnm")]
    [InlineData("pnm-p4-17x9.pnm")]
    public void Every_truncation_is_reported_as_truncated(string name)
    {
        var data = Corpus.Instance.Get(name).Bytes;
        // A plain file cut inside its last number, or in the whitespace after it, still holds every value
        // (the last one shorter): it decodes. Any earlier cut loses values.
        int complete = data.Length;
        if (data[1] == (byte)'2')
        {
            int end = data.Length;
            while (NetpbmWhitespace(data[end - 1])) end--;
            while (!NetpbmWhitespace(data[end - 1])) end--;
            complete = end + 1;
        }
        for (int length = 3; length < complete; length++)
        {
            var e = DecodeAssert.Fails(DecodeErrorReason.Truncated, data[..length]);
            Assert.Contains("truncated", e.Message);
        }
        for (int length = complete; length < data.Length; length++)
            Assert.Equal(Corpus.Instance.Get(name).Width, ImageDecoder.Decode(data[..length]).Width);
    }

    [Theory]
    [InlineData("P5\n0 4\n255\n", DecodeErrorReason.InvalidDimensions)]
    [InlineData("P5\n4 0\n255\n", DecodeErrorReason.InvalidDimensions)]
    [InlineData("P5\n100000 100000\n255\n", DecodeErrorReason.ImageTooLarge)]
    [InlineData("P5\n99999999999999999999999999 1\n255\n", DecodeErrorReason.ImageTooLarge)]
    [InlineData("P6\n20000 20000\n255\n", DecodeErrorReason.ImageTooLarge)]
    [InlineData("P5\n5000 5000\n255\n\0\0\0", DecodeErrorReason.Truncated)]
    [InlineData("P2\n5000 5000\n255\n1 2 3", DecodeErrorReason.Truncated)]
    [InlineData("P5\n4 4\n0\n", DecodeErrorReason.Corrupt)]
    [InlineData("P5\n4 4\n65536\n", DecodeErrorReason.Corrupt)]
    [InlineData("P5\n4 x\n255\n", DecodeErrorReason.Corrupt)]
    [InlineData("P2\n2 1\n255\n1 -2\n", DecodeErrorReason.Corrupt)]
    [InlineData("P1\n2 1\n12\n", DecodeErrorReason.Corrupt)]
    [InlineData("P5\n1 1\n255x", DecodeErrorReason.Corrupt)]
    public void Bad_headers_and_rasters_are_refused_before_allocating(string text, DecodeErrorReason reason)
    {
        var data = Ascii(text);
        long allocated = DecodeAssert.AllocatedBy(() => DecodeAssert.Fails(reason, data));
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_comment_that_runs_to_the_end_of_the_file_is_truncated() =>
        Assert.Contains("ends before its height", DecodeAssert.Fails(DecodeErrorReason.Truncated, Ascii("P5 4 # no end")).Message);
}
