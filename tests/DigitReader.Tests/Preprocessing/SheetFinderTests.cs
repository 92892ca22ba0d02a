using DigitReader.Imaging;
using DigitReader.Preprocessing;
using DigitReader.Recognition;
using DigitReader.Tests.Realistic;
using Xunit;

namespace DigitReader.Tests.Preprocessing;

public sealed class SheetFinderTests
{
    private const byte Paper = 238;

    /// <summary>
    /// A <paramref name="width"/> × <paramref name="height"/> photo: a desk at <paramref name="desk"/>, and on it a
    /// sheet of paper (half-sides in pixels, rotated by <paramref name="degrees"/>, edges anti-aliased over a pixel)
    /// centred <paramref name="shiftX"/> pixels right of MNIST test digit <paramref name="index"/> enlarged 5 ×,
    /// which is at the photo's centre. Returns the sheet's bounding box (inside the photo) too.
    /// </summary>
    private static (GrayImage Photo, PixelRect Sheet) OnDesk(int width, int height, byte desk, double halfWidth, double halfHeight, double degrees, int index, double shiftX = 0)
    {
        var photo = TestImages.Uniform(width, height, desk);
        double cx = width / 2.0 + shiftX, cy = height / 2.0, cos = Math.Cos(degrees * Math.PI / 180), sin = Math.Sin(degrees * Math.PI / 180);
        int x0 = width, y0 = height, x1 = 0, y1 = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                double u = Math.Abs(cos * dx + sin * dy), v = Math.Abs(-sin * dx + cos * dy);
                double covered = Math.Clamp(Math.Min(halfWidth - u, halfHeight - v) + 0.5, 0, 1);
                if (covered <= 0) continue;
                photo.Pixels[y * width + x] = (byte)Math.Round(desk + (Paper - desk) * covered);
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
            }
        var digit = TestImages.Enlarged(index, 5);
        TestImages.Paste(photo, digit, (width - digit.Width) / 2, (height - digit.Height) / 2);
        return (photo, new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
    }

    [Theory]
    [InlineData(40, 0)]
    [InlineData(95, 8)]
    [InlineData(150, -12)]
    public void A_sheet_on_a_desk_is_cut_out_and_the_desk_left_behind(byte desk, double degrees)
    {
        var (photo, sheet) = OnDesk(800, 600, desk, 170, 140, degrees, index: 0);

        var found = SheetFinder.Find(photo);

        Assert.NotNull(found);
        var (crop, bounds) = found.Value;
        Assert.Equal((bounds.Width, bounds.Height), (crop.Width, crop.Height));
        // Inside the sheet's box, and holding the digit (140 × 140 at the centre) with paper around it.
        Assert.InRange(bounds.X, sheet.X, 400 - 70 - 10);
        Assert.InRange(bounds.Y, sheet.Y, 300 - 70 - 10);
        Assert.InRange(bounds.X + bounds.Width, 400 + 70 + 10, sheet.X + sheet.Width);
        Assert.InRange(bounds.Y + bounds.Height, 300 + 70 + 10, sheet.Y + sheet.Height);
        // No desk is left: the cut's outermost rows and columns are paper (the rotated sheet's corners filled with it).
        for (int x = 0; x < crop.Width; x++) Assert.True(crop[x, 0] >= Paper - 2 && crop[x, crop.Height - 1] >= Paper - 2, $"column {x}");
        for (int y = 0; y < crop.Height; y++) Assert.True(crop[0, y] >= Paper - 2 && crop[crop.Width - 1, y] >= Paper - 2, $"row {y}");
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(3, 0)]
    [InlineData(4, 4)]
    public void The_digit_on_a_small_sheet_on_a_desk_is_read_and_not_the_sheet(int index, int label)
    {
        // Before the sheet was looked for, the paper itself, light on the dark desk, was the digit: a 0.
        Assert.Equal(label, MnistTestDigits.Labels[index]);
        var (photo, _) = OnDesk(900, 700, 90, 150, 130, 6, index);
        var recognizer = DigitRecognizer.LoadDefault();

        var normalised = new MnistNormaliser().Normalise(photo);

        Assert.NotNull(normalised.Sheet);
        Assert.False(normalised.LightInkOnDark);
        Assert.Equal(label, recognizer.Predict(normalised.Input).Digit);
    }

    [Theory]
    [InlineData(60, 4)]
    [InlineData(120, -6)]
    public void A_sheet_that_leaves_the_frame_on_three_sides_is_cut_out_of_the_desk_along_the_fourth(byte desk, double degrees)
    {
        // The desk shows along the left side only: about a third of the border. The digit (140 × 140) is at the centre.
        var (photo, sheet) = OnDesk(800, 600, desk, 420, 400, degrees, index: 1, shiftX: 150);
        Assert.Equal((0, 799), (sheet.Y, sheet.X + sheet.Width - 1));

        var found = SheetFinder.Find(photo);

        Assert.NotNull(found);
        var (crop, bounds) = found.Value;
        Assert.InRange(bounds.X, sheet.X, 400 - 70 - 10);
        for (int y = 0; y < crop.Height; y++) Assert.True(crop[0, y] >= Paper - 2, $"row {y}");
        var normalised = new MnistNormaliser().Normalise(photo);
        Assert.NotNull(normalised.Sheet);
        Assert.Equal(MnistTestDigits.Labels[1], DigitRecognizer.LoadDefault().Predict(normalised.Input).Digit);
    }

    [Fact]
    public void A_shadow_over_one_side_of_the_page_is_no_sheet()
    {
        // A shadow's edge is a ramp: here the right third darkens to 45 % over 40 pixels. Taken for a desk, it
        // would be painted over with paper, with any ink it reaches.
        var page = TestImages.Page(800, 600, 0, 8, 240, 188);
        for (int y = 0; y < 600; y++)
            for (int x = 0; x < 800; x++)
                page.Pixels[y * 800 + x] = (byte)Math.Round(page[x, y] * (1 - 0.55 * Math.Clamp((x - 520) / 40.0, 0, 1)));

        Assert.Null(SheetFinder.Find(page));
    }

    [Fact]
    public void A_page_that_fills_the_frame_has_no_sheet()
    {
        Assert.Null(SheetFinder.Find(TestImages.Page(800, 600, 0, 10, 260, 160)));
    }

    [Fact]
    public void A_canvas_and_a_chalk_digit_have_no_sheet()
    {
        Assert.Null(SheetFinder.Find(TestImages.Page(200, 200, 3, 6, 16, 16)));
        Assert.Null(SheetFinder.Find(TestImages.Enlarged(3, 10, lightInk: true)));
    }

    [Fact]
    public void Under_a_vignette_the_bright_middle_of_the_page_is_no_sheet()
    {
        var page = TestImages.Page(800, 600, 0, 8, 288, 188);
        for (int y = 0; y < 600; y++)
            for (int x = 0; x < 800; x++)
            {
                double r2 = ((x - 400) * (x - 400) + (y - 300) * (y - 300)) / (400.0 * 400 + 300 * 300);
                page.Pixels[y * 800 + x] = (byte)Math.Round(page[x, y] * Math.Max(0.2, 1 - 1.6 * r2));
            }

        Assert.Null(SheetFinder.Find(page));
    }

    [Fact]
    public void A_bold_chalk_stroke_taken_for_a_sheet_is_still_read_as_the_digit()
    {
        // A bright, convex bar on a dark board looks like a sheet; the sheet holds no ink, so the whole image is read.
        var board = TestImages.Uniform(300, 300, 40);
        for (int y = 50; y < 250; y++) board.Pixels.AsSpan(y * 300 + 110, 80).Fill(230);

        Assert.NotNull(SheetFinder.Find(board));
        var normalised = new MnistNormaliser().Normalise(board);

        Assert.Null(normalised.Sheet);
        Assert.True(normalised.LightInkOnDark);
        // The box is in the analysed image's coordinates, and a 300 px image is analysed at half size.
        Assert.Equal(150, normalised.Grayscale.Width);
        Assert.Equal(new PixelRect(55, 25, 40, 100), normalised.BoundingBox);
    }
}
