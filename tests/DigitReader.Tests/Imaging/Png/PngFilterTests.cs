using DigitReader.Imaging.Png;

namespace DigitReader.Tests.Imaging.Png;

/// <summary>The vectorised Paeth unfilter for RGBA scanlines must give exactly the scalar loop's bytes.</summary>
public sealed class PngFilterTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(200, 3)]
    [InlineData(1001, 4)]
    public void Vector_Paeth_equals_scalar_Paeth(int pixels, int seed)
    {
        var random = new Random(seed);
        var previous = new byte[pixels * 4];
        var line = new byte[pixels * 4];
        random.NextBytes(previous);
        random.NextBytes(line);
        // Ties between the three predictors are where the order matters: make many.
        for (int i = 0; i < line.Length; i += 3) previous[i] = line[i];
        var expected = (byte[])line.Clone();
        PngFilters.Paeth(expected, previous, 4);
        PngFilters.PaethRgba8(line, previous);
        Assert.Equal(expected, line);
    }
}
