using DigitReader.Imaging.Png;

namespace DigitReader.Tests.Imaging.Png;

/// <summary>The vectorised unfilters for RGBA scanlines must give exactly the plain loops' bytes.</summary>
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

    /// <summary>
    /// A canvas-like scanline pair: runs of paper (filtered bytes 0 under a flat row above) broken by ink, so
    /// the eight-pixel shortcuts are taken, refused by one differing byte, and resumed, at every alignment.
    /// </summary>
    private static (byte[] Line, byte[] Previous) Flat(int pixels, int seed)
    {
        var random = new Random(seed);
        var previous = new byte[pixels * 4];
        var line = new byte[pixels * 4];
        Array.Fill(previous, (byte)250);
        for (int i = 0; i < 4; i++) previous[i] = line[i] = (byte)random.Next(256);
        for (int k = 0; k < pixels / 5; k++)
        {
            int at = random.Next(line.Length);
            if (random.Next(2) == 0) line[at] = (byte)random.Next(1, 256);
            else previous[at] = (byte)random.Next(256);
        }
        return (line, previous);
    }

    [Theory]
    [InlineData(9, 5)]
    [InlineData(200, 6)]
    [InlineData(280, 7)]
    [InlineData(1001, 8)]
    public void Paeth_over_flat_runs_equals_scalar_Paeth(int pixels, int seed)
    {
        var (line, previous) = Flat(pixels, seed);
        var expected = (byte[])line.Clone();
        PngFilters.Paeth(expected, previous, 4);
        PngFilters.PaethRgba8(line, previous);
        Assert.Equal(expected, line);
    }

    [Theory]
    [InlineData(9, 9)]
    [InlineData(200, 10)]
    [InlineData(1001, 11)]
    public void Sub_over_runs_of_zeros_adds_the_left_byte(int pixels, int seed)
    {
        var (line, _) = Flat(pixels, seed);
        var expected = (byte[])line.Clone();
        for (int i = 4; i < expected.Length; i++) expected[i] += expected[i - 4];
        Assert.True(PngFilters.TryUnfilter(1, line, default, 4));
        Assert.Equal(expected, line);
    }
}
