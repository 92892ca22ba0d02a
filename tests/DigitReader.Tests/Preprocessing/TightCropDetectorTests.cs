using DigitReader.Imaging;
using DigitReader.Preprocessing;
using Xunit;

namespace DigitReader.Tests.Preprocessing;

public sealed class TightCropDetectorTests
{
    /// <summary>
    /// MNIST test digit <paramref name="index"/> cut to the box of its pixels above 30, as <see cref="Realistic.TightCropTests"/>
    /// cuts it, then enlarged 10 × (the box of <see cref="TestImages.Enlarged"/>'s image).
    /// </summary>
    private static GrayImage CutToInk(int index, bool lightInk = false)
    {
        var enlarged = TestImages.Enlarged(index, 10, lightInk);
        var (x0, y0, x1, y1) = TestImages.InkBox(Realistic.MnistTestDigits.Images.Image(index), threshold: 30);
        int w = (x1 - x0 + 1) * 10, h = (y1 - y0 + 1) * 10;
        var pixels = new byte[w * h];
        for (int y = 0; y < h; y++) enlarged.Pixels.AsSpan((y0 * 10 + y) * enlarged.Width + x0 * 10, w).CopyTo(pixels.AsSpan(y * w, w));
        return new GrayImage(w, h, pixels);
    }

    [Theory]
    [InlineData(3, false)] // a 0
    [InlineData(4, false)] // a 4
    [InlineData(18, true)] // a 3, light on dark
    public void A_digit_cut_to_its_ink_is_crossed_on_every_side(int index, bool lightInk)
    {
        Assert.True(TightCropDetector.IsCutToTheInk(CutToInk(index, lightInk)));
    }

    [Fact]
    public void Most_digits_cut_to_their_ink_are_recognised()
    {
        // Measured on the first 30 test digits: 19. Ink that meets a side only at a corner looks like a shadow in
        // that corner, so a 1 (a slanted stroke from corner to corner) is never recognised as cut to its ink.
        var found = Enumerable.Range(0, 30).Where(i => TightCropDetector.IsCutToTheInk(CutToInk(i))).ToArray();
        Assert.True(found.Length >= 15, $"{found.Length} of 30");
    }

    [Fact]
    public void A_page_with_the_digit_inside_is_not()
    {
        Assert.False(TightCropDetector.IsCutToTheInk(TestImages.Page(600, 450, 3, 8, 190, 110)));
        Assert.False(TightCropDetector.IsCutToTheInk(TestImages.Uniform(300, 200, 240)));
    }

    [Fact]
    public void Ruled_lines_crossing_two_sides_are_not()
    {
        var page = TestImages.Page(600, 450, 3, 8, 190, 110);
        for (int y = 20; y < 450; y += 45) TestImages.HorizontalLine(page, y, 3, 150);
        Assert.False(TightCropDetector.IsCutToTheInk(page));
    }

    [Fact]
    public void Dark_corners_of_a_vignette_are_not_strokes()
    {
        // Each side darkens towards both of its ends, nearly to black in the corners: runs that touch the ends.
        var page = TestImages.Page(400, 300, 3, 6, 120, 70);
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++)
            {
                double dx = (x - 199.5) / 200, dy = (y - 149.5) / 150, r = Math.Sqrt(dx * dx + dy * dy);
                double light = Math.Clamp(1.5 - r, 0, 1);
                page.Pixels[y * 400 + x] = (byte)Math.Min(page.Pixels[y * 400 + x], 245 * light);
            }
        Assert.True(page[0, 0] < 30 && page[200, 0] > 100);
        Assert.False(TightCropDetector.IsCutToTheInk(page));
    }

    [Fact]
    public void Paper_noise_along_the_sides_is_not()
    {
        var random = new Random(7);
        var page = TestImages.Page(400, 300, 3, 6, 120, 70);
        for (int i = 0; i < page.Pixels.Length; i++) page.Pixels[i] = (byte)Math.Clamp(page.Pixels[i] + random.Next(-12, 13), 0, 255);
        Assert.False(TightCropDetector.IsCutToTheInk(page));
    }
}
