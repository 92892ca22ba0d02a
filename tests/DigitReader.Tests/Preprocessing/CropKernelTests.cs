using DigitReader.Preprocessing;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// The kernels that work on the cut-out digit (stroke width, resampling, centre of mass), the component
/// labelling and the ink contrast, against plain loops written the obvious way: they must agree bit for bit,
/// since the golden outputs are compared exactly.
/// </summary>
public sealed class CropKernelTests
{
    /// <summary>A seeded image of strokes: a fraction of pixels inked at random levels, the rest 0.</summary>
    private static float[] Strokes(int width, int height, int seed, double inked)
    {
        var random = new Random(seed);
        var image = new float[width * height];
        for (int i = 0; i < image.Length; i++) image[i] = random.NextDouble() < inked ? random.NextSingle() : 0f;
        return image;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 3, 2)]
    [InlineData(63, 9, 3)]
    [InlineData(64, 10, 4)]
    [InlineData(65, 11, 5)]
    [InlineData(130, 47, 6)]
    public void Stroke_width_equals_area_over_half_the_boundary(int width, int height, int seed)
    {
        foreach (double inked in new[] { 0.0, 0.3, 0.8, 1.0 })
        {
            var image = Strokes(width, height, seed, inked);
            if (inked == 1.0) Array.Fill(image, 0.75f);
            long area = 0, boundary = 0;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    if (image[y * width + x] < 0.5f) continue;
                    area++;
                    bool edge = x == 0 || y == 0 || x == width - 1 || y == height - 1;
                    if (edge || image[y * width + x - 1] < 0.5f || image[y * width + x + 1] < 0.5f
                        || image[(y - 1) * width + x] < 0.5f || image[(y + 1) * width + x] < 0.5f)
                        boundary++;
                }
            double expected = boundary == 0 ? 0 : 2.0 * area / boundary;
            Assert.Equal(expected, StrokeThickener.StrokeWidth(image, width));
        }
    }

    [Theory]
    [InlineData(97, 145, 20.0 / 145, 2.3, -1.7)]
    [InlineData(13, 7, 20.0 / 13, 1.1, 4.9)]
    [InlineData(3, 50, 0.4, 12.6, 0.2)]
    [InlineData(1, 1, 20.0, 4.0, 4.0)]
    public void Resampling_equals_the_plain_separable_sums(int sw, int sh, double scale, double ox, double oy)
    {
        var src = Strokes(sw, sh, sw * 31 + sh, 0.5);
        var actual = new float[28 * 28];
        Array.Fill(actual, float.NaN); // every target pixel must be written
        AreaResampler.Resample(src, sw, sh, actual, 28, 28, scale, ox, oy);
        var expected = PlainResample(src, sw, sh, 28, 28, scale, ox, oy);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"pixel {i}: {actual[i]} ≠ {expected[i]}");
    }

    /// <summary>Rows then columns, each target pixel's taps added in increasing source order.</summary>
    private static float[] PlainResample(float[] src, int sw, int sh, int dw, int dh, double scale, double ox, double oy)
    {
        var tmp = new float[sh * dw];
        for (int y = 0; y < sh; y++)
            for (int i = 0; i < dw; i++)
            {
                float sum = 0;
                foreach (var (s, w) in Taps(sw, i, scale, ox)) sum += w * src[y * sw + s];
                tmp[y * dw + i] = sum;
            }
        var dst = new float[dw * dh];
        for (int j = 0; j < dh; j++)
            for (int i = 0; i < dw; i++)
            {
                float sum = 0;
                foreach (var (s, w) in Taps(sh, j, scale, oy)) sum += w * tmp[s * dw + i];
                dst[j * dw + i] = sum;
            }
        return dst;
    }

    /// <summary>Source pixels and weights of target pixel <paramref name="i"/>: box overlap, or bilinear when enlarging.</summary>
    private static IEnumerable<(int Source, float Weight)> Taps(int length, int i, double scale, double offset)
    {
        if (scale <= 1)
        {
            double a = (i - offset) / scale, b = (i + 1 - offset) / scale;
            for (int s = 0; s < length; s++)
            {
                double overlap = Math.Min(b, s + 1) - Math.Max(a, s);
                if (overlap > 0) yield return (s, (float)(overlap * scale));
            }
            yield break;
        }
        double u = (i + 0.5 - offset) / scale - 0.5;
        int s0 = (int)Math.Floor(u);
        double f = u - s0;
        if (s0 >= 0 && s0 < length) yield return (s0, (float)(1 - f));
        if (s0 + 1 >= 0 && s0 + 1 < length) yield return (s0 + 1, (float)f);
    }

    [Theory]
    [InlineData(1, 1, 0.0)]
    [InlineData(17, 9, 0.2)]
    [InlineData(103, 151, 0.4)]
    [InlineData(40, 40, 1.0)]
    [InlineData(512, 384, 0.3)]
    public void Centre_of_mass_matches_the_plain_weighted_sums(int width, int height, double inked)
    {
        var image = Strokes(width, height, width + height, inked);
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double v = image[y * width + x];
                sum += v;
                sx += v * x;
                sy += v * y;
            }
        var expected = sum > 0 ? (sx / sum, sy / sum) : ((width - 1) / 2.0, (height - 1) / 2.0);
        var (cx, cy) = CentreOfMass.Compute(image, width);
        // The kernel adds a row's pixels in four lanes, so its rounding differs from the plain loop's in the last
        // bits only (about 10⁻¹⁴ pixel here); 10⁻¹⁰ pixel would still be nothing an 8-bit frame could show.
        Assert.Equal(expected.Item1, cx, 1e-10);
        Assert.Equal(expected.Item2, cy, 1e-10);
    }

    [Theory]
    [InlineData(1, 1, 1, 0.5)]
    [InlineData(31, 17, 2, 0.3)]
    [InlineData(64, 48, 3, 0.45)]
    [InlineData(100, 80, 4, 0.6)]
    [InlineData(57, 91, 5, 0.9)]
    public void Labelling_by_runs_equals_the_pixel_scan(int width, int height, int seed, double inked)
    {
        var random = new Random(seed);
        var mask = new byte[width * height];
        var contrast = new byte[width * height];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextDouble() < inked ? (byte)255 : (byte)0;
            contrast[i] = (byte)random.Next(256);
        }
        using var actual = ConnectedComponents.Label(mask, contrast, width, height);
        var (labels, count) = PixelScan(mask, width, height);
        for (int i = 0; i < mask.Length; i++) Assert.Equal(labels[i], actual.Labels[i]);
        Assert.Equal(count, actual.Components.Length);
        foreach (var c in actual.Components)
        {
            var pixels = Enumerable.Range(0, mask.Length).Where(i => labels[i] == c.Label).ToList();
            Assert.Equal(pixels.Count, c.Area);
            Assert.Equal(pixels.Min(i => i % width), c.MinX);
            Assert.Equal(pixels.Max(i => i % width), c.MaxX);
            Assert.Equal(pixels.Min(i => i / width), c.MinY);
            Assert.Equal(pixels.Max(i => i / width), c.MaxY);
            Assert.Equal(pixels.Max(i => contrast[i]), c.PeakContrast);
        }
    }

    /// <summary>8-connected components by flood fill, numbered by their first pixel in row-major order.</summary>
    private static (int[] Labels, int Count) PixelScan(byte[] mask, int width, int height)
    {
        var labels = new int[mask.Length];
        int count = 0;
        var stack = new Stack<int>();
        for (int start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || labels[start] != 0) continue;
            labels[start] = ++count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop(), px = p % width, py = p / width;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int x = px + dx, y = py + dy;
                        if (x < 0 || y < 0 || x >= width || y >= height) continue;
                        int q = y * width + x;
                        if (mask[q] != 0 && labels[q] == 0)
                        {
                            labels[q] = count;
                            stack.Push(q);
                        }
                    }
            }
        }
        return (labels, count);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Ink_contrast_equals_the_scalar_formula(bool lightInk, bool noisy)
    {
        // Blank paper at the extreme level (the vector loop's shortcut), near-paper levels, a shadow (a background
        // well above 1) and strokes, in rows whose lengths leave scalar tails.
        int width = 203, height = 61;
        var random = new Random(lightInk ? 7 : 8);
        var luma = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int paper = y < 20 ? 255 : y < 40 ? 255 - x / 8 : 250;
                if (noisy) paper = Math.Clamp(paper + random.Next(-3, 2), 0, 255);
                int v = (x / 9 + y / 7) % 5 == 0 ? 40 : random.Next(40) == 0 ? 254 : paper;
                luma[y * width + x] = (byte)(lightInk ? 255 - v : v);
            }
        var background = BackgroundEstimator.Estimate(luma, width, height, out bool detected);
        Assert.Equal(lightInk, detected);
        var contrast = new byte[width * height];
        var contrastHist = new int[256];
        var deviationHist = new int[256];
        InkContrast.Measure(luma, width, height, background, lightInk, contrast, contrastHist, deviationHist);
        var row = new float[width];
        var expectedContrast = new int[256];
        var expectedDeviation = new int[256];
        for (int y = 0; y < height; y++)
        {
            background.FillRow(y, row);
            for (int x = 0; x < width; x++)
            {
                int v = lightInk ? luma[y * width + x] : 255 - luma[y * width + x];
                float d = BackgroundEstimator.Contrast(v, row[x]);
                byte c = (byte)(d <= 0 ? 0 : d >= 255 ? 255 : (int)(d + 0.5f));
                Assert.True(c == contrast[y * width + x], $"({x}, {y}): contrast {contrast[y * width + x]}, expected {c}");
                expectedContrast[c]++;
                expectedDeviation[Math.Min(255, (int)MathF.Abs(d))]++;
            }
        }
        Assert.Equal(expectedContrast, contrastHist);
        Assert.Equal(expectedDeviation, deviationHist);
    }
}
