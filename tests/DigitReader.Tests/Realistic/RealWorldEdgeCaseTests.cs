using DigitReader.Imaging;
using DigitReader.Preprocessing;
using DigitReader.Recognition;

namespace DigitReader.Tests.Realistic;

/// <summary>
/// Hand-made uploads that trip naive pipelines, each as a file through <see cref="DigitRecognizer.Recognize"/>:
/// a canvas export whose transparent pixels are black RGB (ignoring alpha turns the page black), chalk
/// (light ink on dark), a tiny digit on a large photo, and blank paper, which must be refused rather than
/// guessed. The digits are drawn here from pen strokes, not taken from MNIST, so they also check that the
/// model reads a plainly written digit it has never seen.
/// </summary>
public sealed class RealWorldEdgeCaseTests
{
    private static readonly DigitRecognizer Recognizer = DigitRecognizer.LoadDefault();

    // Glyphs as pen strokes in a unit box (x right, y down), written the way people write them.
    private static readonly (double X, double Y)[][] Seven = [[(0.15, 0.12), (0.85, 0.12), (0.42, 0.92)]];
    private static readonly (double X, double Y)[][] One = [[(0.3, 0.28), (0.56, 0.08), (0.56, 0.92)]];
    private static readonly (double X, double Y)[][] Four = [[(0.62, 0.92), (0.62, 0.08), (0.12, 0.66), (0.88, 0.66)]];
    private static readonly (double X, double Y)[][] Zero = [Ellipse(0.5, 0.5, 0.3, 0.42)];
    private static readonly (double X, double Y)[][] Three =
        [[(0.2, 0.16), (0.45, 0.07), (0.72, 0.14), (0.76, 0.3), (0.62, 0.44), (0.4, 0.48), (0.64, 0.52), (0.8, 0.68), (0.74, 0.86), (0.46, 0.94), (0.18, 0.84)]];

    [Theory]
    [InlineData(7)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(0)]
    public void A_canvas_export_with_black_transparent_pixels_is_read_as_ink_on_paper(int digit)
    {
        // 400 × 400 canvas, fully transparent with RGB = 0 (what a browser canvas exports), a 10 px
        // dark-blue brush whose anti-aliased edge lives only in alpha.
        const int size = 400;
        var coverage = Draw(size, size, Glyph(digit), 100, 60, 200, 280, 10);
        var rgba = new byte[size * size * 4];
        for (int p = 0; p < coverage.Length; p++)
        {
            if (coverage[p] <= 0) continue;
            rgba[p * 4] = 20; rgba[p * 4 + 1] = 30; rgba[p * 4 + 2] = 110;
            rgba[p * 4 + 3] = (byte)Math.Round(coverage[p] * 255);
        }
        var result = Recognizer.Recognize(PngEncoder.Encode(size, size, 4, rgba));
        Assert.Equal(digit, result.Prediction.Digit);
        Assert.False(result.Normalised.LightInkOnDark);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void Chalk_on_a_blackboard_is_read_as_light_ink_on_dark(int digit)
    {
        // A 640 × 480 dark green board with a brighter smudge, chalk strokes 14 px wide and grainy.
        const int width = 640, height = 480;
        var coverage = Draw(width, height, Glyph(digit), 230, 90, 180, 300, 14);
        var rgb = new byte[width * height * 3];
        var rng = new Random(7);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                double smudge = 18 * Math.Exp(-((x - 450.0) * (x - 450.0) + (y - 150.0) * (y - 150.0)) / (2 * 90.0 * 90.0));
                double a = coverage[p] * (0.6 + 0.4 * rng.NextDouble());
                double[] board = [35 + smudge, 58 + smudge, 45 + smudge];
                for (int k = 0; k < 3; k++) rgb[p * 3 + k] = (byte)Math.Clamp(Math.Round(board[k] + (235 - board[k]) * a + rng.Next(-4, 5)), 0, 255);
            }
        var result = Recognizer.Recognize(PngEncoder.Encode(width, height, 3, rgb));
        Assert.Equal(digit, result.Prediction.Digit);
        Assert.True(result.Normalised.LightInkOnDark);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(3)]
    public void A_small_digit_on_a_large_photo_of_paper_is_found_and_read(int digit)
    {
        // A 2000 × 1500 photo of slightly uneven paper with a 64 px tall digit near the upper left: the digit
        // covers under 0.2 % of the image. JPEG, as a phone would save it.
        const int width = 2000, height = 1500;
        var coverage = Draw(width, height, Glyph(digit), 520, 330, 44, 64, 4);
        var rgba = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                double paper = 238 - 14.0 * x / width - 8.0 * y / height;
                double v = paper + (30 - paper) * coverage[p];
                rgba[p * 4] = rgba[p * 4 + 1] = (byte)Math.Round(v);
                rgba[p * 4 + 2] = (byte)Math.Round(v * 0.97);
                rgba[p * 4 + 3] = 255;
            }
        var result = Recognizer.Recognize(JpegTool.Encode(new DigitReader.Imaging.RgbaImage(width, height, rgba), 85));
        Assert.Equal(digit, result.Prediction.Digit);
        // The crop must be the digit, not the page: its box (in the possibly downscaled analysis image,
        // so scaled back to the photo) is about the glyph we drew (up to 44 × 64 px plus the pen width).
        var box = result.Normalised.BoundingBox;
        double toPhoto = (double)width / result.Normalised.Grayscale.Width;
        Assert.InRange(box.Height * toPhoto, 55, 85);
        Assert.InRange(box.Width * toPhoto, 20, 65);
        Assert.InRange((box.X + box.Width / 2.0) * toPhoto, 520, 564);
    }

    [Fact]
    public void A_photo_of_blank_paper_is_refused_rather_than_guessed()
    {
        // 1200 × 900 paper with a lighting gradient, a soft vignette, paper grain and sensor noise, but no ink.
        const int width = 1200, height = 900;
        var rgb = new byte[width * height * 3];
        var rng = new Random(11);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double dx = (x - width / 2.0) / width, dy = (y - height / 2.0) / height;
                double v = 242 - 20.0 * x / width - 40 * (dx * dx + dy * dy) + rng.Next(-5, 6);
                int p = (y * width + x) * 3;
                rgb[p] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                rgb[p + 1] = (byte)Math.Clamp(Math.Round(v - 3), 0, 255);
                rgb[p + 2] = (byte)Math.Clamp(Math.Round(v - 10), 0, 255);
            }
        Assert.Throws<NoDigitFoundException>(() => Recognizer.Recognize(PngEncoder.Encode(width, height, 3, rgb)));
    }

    private static (double X, double Y)[][] Glyph(int digit) => digit switch
    {
        0 => Zero,
        1 => One,
        3 => Three,
        4 => Four,
        7 => Seven,
        _ => throw new ArgumentOutOfRangeException(nameof(digit)),
    };

    private static (double X, double Y)[] Ellipse(double cx, double cy, double rx, double ry) =>
        Enumerable.Range(0, 49).Select(k => (cx + rx * Math.Sin(k * Math.PI / 24), cy - ry * Math.Cos(k * Math.PI / 24))).ToArray();

    /// <summary>
    /// Ink coverage 0–1 per pixel of strokes <paramref name="pen"/> px wide along the polylines, the glyph's unit
    /// box mapped to (<paramref name="left"/>, <paramref name="top"/>, <paramref name="boxWidth"/>, <paramref name="boxHeight"/>);
    /// edges are anti-aliased over one pixel like a real brush.
    /// </summary>
    private static float[] Draw(int width, int height, (double X, double Y)[][] strokes, double left, double top, double boxWidth, double boxHeight, double pen)
    {
        var coverage = new float[width * height];
        foreach (var stroke in strokes)
            for (int s = 0; s + 1 < stroke.Length; s++)
            {
                double ax = left + stroke[s].X * boxWidth, ay = top + stroke[s].Y * boxHeight;
                double bx = left + stroke[s + 1].X * boxWidth, by = top + stroke[s + 1].Y * boxHeight;
                int x0 = Math.Max(0, (int)(Math.Min(ax, bx) - pen)), x1 = Math.Min(width - 1, (int)(Math.Max(ax, bx) + pen));
                int y0 = Math.Max(0, (int)(Math.Min(ay, by) - pen)), y1 = Math.Min(height - 1, (int)(Math.Max(ay, by) + pen));
                double lx = bx - ax, ly = by - ay, length2 = Math.Max(lx * lx + ly * ly, 1e-9);
                for (int y = y0; y <= y1; y++)
                    for (int x = x0; x <= x1; x++)
                    {
                        double px = x + 0.5 - ax, py = y + 0.5 - ay;
                        double t = Math.Clamp((px * lx + py * ly) / length2, 0, 1);
                        double dx = px - t * lx, dy = py - t * ly;
                        float a = (float)Math.Clamp(pen / 2 + 0.5 - Math.Sqrt(dx * dx + dy * dy), 0, 1);
                        int p = y * width + x;
                        if (a > coverage[p]) coverage[p] = a;
                    }
            }
        return coverage;
    }
}
