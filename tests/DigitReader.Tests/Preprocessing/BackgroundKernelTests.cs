using System.Runtime.Intrinsics;
using DigitReader.Preprocessing;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// The background estimator's fast kernels against plain versions of the same arithmetic: they must agree
/// bit for bit, since the golden outputs are compared exactly.
/// </summary>
public sealed class BackgroundKernelTests
{
    [Fact]
    public void The_median_network_puts_the_13_smallest_first_for_every_input_of_zeros_and_ones()
    {
        // By the 0–1 principle a comparator network that orders every 0–1 input orders every input. Lane j
        // of input i holds bit j of (i << 3 | j), so the 2^25 inputs go eight at a time.
        Span<Vector256<float>> v = stackalloc Vector256<float>[MedianNetwork.Inputs];
        var laneBits = new Vector256<float>[3];
        for (int b = 0; b < 3; b++) laneBits[b] = Vector256.Create(Enumerable.Range(0, 8).Select(j => (float)((j >> b) & 1)).ToArray());
        var laneOnes = Vector256.Create(Enumerable.Range(0, 8).Select(j => (float)int.PopCount(j)).ToArray());
        for (int i = 0; i < 1 << 22; i++)
        {
            for (int b = 0; b < 3; b++) v[b] = laneBits[b];
            for (int b = 3; b < 25; b++) v[b] = Vector256.Create((float)((i >> (b - 3)) & 1));
            MedianNetwork.Sort(v);
            // Rank r of a 0–1 input with k ones is 1 exactly when r ≥ 25 − k.
            var ones = laneOnes + Vector256.Create((float)int.PopCount(i));
            for (int r = 0; r < 13; r++)
            {
                var expected = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256.Create((float)r), Vector256.Create(25f) - ones), Vector256<float>.One, Vector256<float>.Zero);
                if (v[r] != expected) Assert.Fail($"input {i}: rank {r} is {v[r]}, expected {expected}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_median_network_keeps_the_values_bit_for_bit(int seed)
    {
        var random = new Random(seed);
        Span<Vector256<float>> v = stackalloc Vector256<float>[MedianNetwork.Inputs];
        for (int trial = 0; trial < 2000; trial++)
        {
            var lanes = new float[8][];
            for (int j = 0; j < 8; j++)
                lanes[j] = Enumerable.Range(0, 25).Select(_ => random.Next(3) switch { 0 => random.Next(4) * 63.75f, 1 => float.PositiveInfinity, _ => random.NextSingle() * 255 }).ToArray();
            for (int s = 0; s < 25; s++) v[s] = Vector256.Create(Enumerable.Range(0, 8).Select(j => lanes[j][s]).ToArray());
            MedianNetwork.Sort(v);
            for (int j = 0; j < 8; j++)
            {
                var sorted = lanes[j].Order().ToArray();
                for (int r = 0; r < 13; r++) Assert.Equal(BitConverter.SingleToInt32Bits(sorted[r]), BitConverter.SingleToInt32Bits(v[r][j]));
            }
        }
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(8, 1)]
    [InlineData(9, 9)]
    [InlineData(16, 3)]
    [InlineData(17, 25)]
    [InlineData(23, 11)]
    public void The_network_median_equals_the_sorted_median_at_every_grid_size(int w, int h)
    {
        var random = new Random(w * 31 + h);
        var src = new float[w * h];
        for (int i = 0; i < src.Length; i++) src[i] = random.Next(2) == 0 ? random.Next(5) * 4 : random.NextSingle() * 256;
        for (int i = 0; i < src.Length; i++)
            if (i % w < w / 3) src[i] = 254f; // a plateau beside varied cells
        var actual = new float[src.Length];
        BlockGridFilters.Median5x5(src, actual, w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var window = new List<float>();
                for (int yy = Math.Max(0, y - 2); yy <= Math.Min(h - 1, y + 2); yy++)
                    for (int xx = Math.Max(0, x - 2); xx <= Math.Min(w - 1, x + 2); xx++) window.Add(src[yy * w + xx]);
                window.Sort();
                int n = window.Count;
                float expected = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual[y * w + x]));
            }
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(39, 17, 2)]
    [InlineData(200, 200, 3)]
    [InlineData(203, 150, 4)]
    [InlineData(301, 97, 5)]
    [InlineData(1201, 90, 6)]
    public void Block_percentiles_equal_a_plain_histogram_per_block(int width, int height, int seed)
    {
        var random = new Random(seed);
        var luma = new byte[width * height];
        // Runs of one level, runs inside one bin (levels differing in the two low bits), and noise.
        for (int i = 0; i < luma.Length;)
        {
            int run = random.Next(1, 80), kind = random.Next(3);
            byte level = (byte)random.Next(256);
            for (int k = 0; k < run && i < luma.Length; k++, i++)
                luma[i] = kind switch { 0 => level, 1 => (byte)(level & 0xFC | random.Next(4)), _ => (byte)random.Next(256) };
        }
        // Whole rows of paper too.
        for (int y = 0; y < height; y += 3) Array.Fill(luma, (byte)255, y * width, width);
        int block = Math.Max(2, (Math.Max(width, height) + 19) / 20);
        int gw = (width + block - 1) / block, gh = (height + block - 1) / block;
        var (p30, p50, p70) = (new float[gw * gh], new float[gw * gh], new float[gw * gh]);
        BlockPercentiles.Measure(luma, width, height, block, gw, gh, p30, p50, p70);
        for (int by = 0; by < gh; by++)
            for (int bx = 0; bx < gw; bx++)
            {
                var hist = new int[64];
                int total = 0;
                for (int y = by * block; y < Math.Min(height, (by + 1) * block); y++)
                    for (int x = bx * block; x < Math.Min(width, (bx + 1) * block); x++) { hist[luma[y * width + x] >> 2]++; total++; }
                var expected = PlainPercentiles(hist, total);
                int b = by * gw + bx;
                Assert.Equal(expected, (p30[b], p50[b], p70[b]));
            }
    }

    /// <summary>The percentile scan as it was first written: targets in turn, over the non-empty bins.</summary>
    private static (float, float, float) PlainPercentiles(int[] hist, int total)
    {
        double[] targets = [Math.Max(0.5, total * 0.30), Math.Max(0.5, total * 0.50), Math.Max(0.5, total * 0.70)];
        float[] found = [255, 255, 255];
        int k = 0;
        double seen = 0;
        for (int i = 0; i < 64 && k < 3; i++)
        {
            int count = hist[i];
            if (count == 0) continue;
            for (; k < 3 && seen + count >= targets[k]; k++) found[k] = (float)((i + (targets[k] - seen) / count) * 4);
            seen += count;
        }
        return (found[0], found[1], found[2]);
    }

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(37, 23, 1)]
    [InlineData(200, 200, 2)]
    [InlineData(211, 160, 3)]
    [InlineData(640, 480, 4)]
    public void The_polarity_equals_a_decision_from_the_full_residual_histogram(int width, int height, int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 12; trial++)
        {
            var luma = new byte[width * height];
            // Every third image is a canvas: even paper, no noise, so whole rows are skipped unexamined.
            bool canvas = trial % 3 == 0;
            int paper = canvas ? 255 - random.Next(2) * 255 : random.Next(256), ink = random.Next(256), noise = canvas ? 0 : random.Next(0, 30);
            double cx = random.NextDouble() * width, cy = random.NextDouble() * height, radius = random.NextDouble() * Math.Min(width, height) / 2;
            double stroke = random.NextDouble() * radius;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double d = Math.Abs(Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - radius);
                    int level = d < stroke ? ink : paper + (canvas ? 0 : 20 * x / width);
                    luma[y * width + x] = (byte)Math.Clamp(level + random.Next(-noise, noise + 1), 0, 255);
                }
            // Any estimate serves as the neutral background, as long as both sides use the same one.
            var neutral = BackgroundEstimator.Estimate(luma, width, height, out _);
            var extremes = PlainExtremes(luma, width, height, neutral);
            Assert.Equal(extremes, PolarityDetector.ResidualExtremes(luma, width, height, neutral));
            Assert.Equal(PlainPolarity(luma, width, height, extremes), PolarityDetector.IsLightInkOnDark(luma, width, height, neutral));
        }
    }

    /// <summary>The residual extremes as first written: every pixel's residual in one histogram.</summary>
    private static (int Dark, int Light) PlainExtremes(byte[] luma, int width, int height, BackgroundEstimator neutral)
    {
        var hist = new long[511];
        var row = new float[width];
        for (int y = 0; y < height; y++)
        {
            neutral.FillRow(y, row);
            for (int x = 0; x < width; x++) hist[Math.Clamp(luma[y * width + x] - (int)(row[x] + 0.5f), -255, 255) + 255]++;
        }
        long few = Math.Max(8, (long)width * height / 20000);
        int dark = 0, light = 510;
        for (long seen = hist[0]; seen < few && dark < 510;) seen += hist[++dark];
        for (long seen = hist[510]; seen < few && light > 0;) seen += hist[--light];
        return (dark, light);
    }

    /// <summary>The polarity decision as first written, from the extremes.</summary>
    private static bool PlainPolarity(byte[] luma, int width, int height, (int Dark, int Light) extremes)
    {
        long few = Math.Max(8, (long)width * height / 20000);
        var (dark, light) = extremes;
        int lightReach = light - 255, darkReach = 255 - dark;
        if (Math.Abs(lightReach - darkReach) > 0.25 * Math.Max(lightReach, darkReach)) return lightReach > darkReach;
        var lumaHist = new int[256];
        foreach (byte l in luma) lumaHist[l]++;
        int median = PolarityDetector.Percentile(lumaHist, luma.Length, 0.5);
        int lo = 0, hi = 255;
        for (long seen = lumaHist[0]; seen < few && lo < 255;) seen += lumaHist[++lo];
        for (long seen = lumaHist[255]; seen < few && hi > 0;) seen += lumaHist[--hi];
        return hi - median > median - lo;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(24, 24)]
    [InlineData(29, 11)]
    public void The_opening_passes_equal_the_extreme_over_each_window(int w, int h)
    {
        var random = new Random(w * 7 + h);
        var src = new float[w * h];
        for (int i = 0; i < src.Length; i++) src[i] = random.Next(3) == 0 ? random.Next(4) * 60f : random.NextSingle() * 255;
        foreach (bool minimum in new[] { true, false })
        {
            var actual = new float[src.Length];
            BlockGridFilters.Extreme(src, actual, new float[src.Length], w, h, 2, minimum);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    float best = minimum ? float.PositiveInfinity : float.NegativeInfinity;
                    for (int yy = Math.Max(0, y - 2); yy <= Math.Min(h - 1, y + 2); yy++)
                        for (int xx = Math.Max(0, x - 2); xx <= Math.Min(w - 1, x + 2); xx++)
                            best = minimum ? MathF.Min(best, src[yy * w + xx]) : MathF.Max(best, src[yy * w + xx]);
                    Assert.Equal(best, actual[y * w + x]);
                }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(10, 3)]
    [InlineData(20, 20)]
    [InlineData(27, 14)]
    public void The_vector_mean_adds_in_the_same_order_as_one_cell_at_a_time(int w, int h)
    {
        var random = new Random(w * 13 + h);
        var src = new float[w * h];
        for (int i = 0; i < src.Length; i++) src[i] = random.NextSingle() * 255;
        var actual = new float[src.Length];
        BlockGridFilters.Mean3x3(src, actual, w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float sum = 0;
                int n = 0;
                for (int yy = Math.Max(0, y - 1); yy <= Math.Min(h - 1, y + 1); yy++)
                    for (int xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++) { sum += src[yy * w + xx]; n++; }
                Assert.Equal(BitConverter.SingleToInt32Bits(sum / n), BitConverter.SingleToInt32Bits(actual[y * w + x]));
            }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 9)]
    [InlineData(57, 41)]
    [InlineData(200, 200)]
    [InlineData(333, 120)]
    public void Whole_rows_equal_the_per_pixel_bilinear_formula(int width, int height)
    {
        var random = new Random(width + height);
        var luma = new byte[width * height];
        random.NextBytes(luma);
        var background = BackgroundEstimator.Estimate(luma, width, height, out _);
        var row = new float[width];
        var one = new float[1];
        for (int y = 0; y < height; y++)
        {
            background.FillRow(y, row);
            for (int x = 0; x < width; x++)
            {
                // A step other than 1 takes the per-pixel path, which reads the grid directly.
                background.FillRow(y + 0.5f, x + 0.5f, 2f, one);
                Assert.Equal(BitConverter.SingleToInt32Bits(one[0]), BitConverter.SingleToInt32Bits(row[x]));
            }
        }
    }
}
