using DigitReader.Imaging;

namespace DigitReader.Tests.Imaging;

/// <summary>The vectorised RGBA → gray conversion must give exactly the scalar formula's bytes.</summary>
public sealed class GrayConversionTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(31, 0.5)]
    [InlineData(32, 0.0)]
    [InlineData(33, 0.5)]     // the last group overlaps the first but one pixel
    [InlineData(200, 0.01)]   // a canvas row: six groups and an overlapping seventh
    [InlineData(1000, 0.0)]   // all opaque: the fast lane
    [InlineData(1000, 0.02)]  // a few translucent pixels among opaque ones
    [InlineData(4099, 1.0)]   // every pixel translucent, with an overlapping last group
    public void Vector_and_scalar_conversions_agree(int pixels, double translucentShare)
    {
        var random = new Random(pixels);
        var rgba = new byte[pixels * 4];
        random.NextBytes(rgba);
        for (int i = 0; i < pixels; i++)
            if (random.NextDouble() >= translucentShare) rgba[4 * i + 3] = 255;
        var expected = new byte[pixels];
        var actual = new byte[pixels];
        GrayConversion.ConvertScalar(rgba, expected);
        GrayConversion.Convert(rgba, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_luma_and_alpha_pair_matches_the_scalar_formula()
    {
        // Gray pixels (r = g = b) cover every luma; each is paired with every alpha.
        var rgba = new byte[256 * 256 * 4];
        for (int v = 0; v < 256; v++)
            for (int a = 0; a < 256; a++)
            {
                int o = (v * 256 + a) * 4;
                rgba[o] = rgba[o + 1] = rgba[o + 2] = (byte)v;
                rgba[o + 3] = (byte)a;
            }
        var expected = new byte[256 * 256];
        var actual = new byte[256 * 256];
        GrayConversion.ConvertScalar(rgba, expected);
        GrayConversion.Convert(rgba, actual);
        Assert.Equal(expected, actual);
    }
}
