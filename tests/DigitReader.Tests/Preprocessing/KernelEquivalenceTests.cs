using DigitReader.Imaging;
using DigitReader.Preprocessing;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// The normaliser's fast kernels against direct, obviously correct versions: they must agree exactly,
/// since the golden outputs are compared bit for bit.
/// </summary>
public sealed class KernelEquivalenceTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 4)]
    [InlineData(31, 3)]
    [InlineData(33, 5)]
    [InlineData(64, 2)]
    [InlineData(1001, 3)]
    public void Halving_a_row_pair_is_the_rounded_mean_of_each_block(int width, int seed)
    {
        var random = new Random(seed);
        var top = new byte[width];
        var bottom = new byte[width];
        random.NextBytes(top);
        random.NextBytes(bottom);
        var actual = new byte[(width + 1) / 2];
        AreaResampler.HalveRows(top, bottom, actual);
        for (int i = 0; i < actual.Length; i++)
        {
            int n = 2 * i + 1 < width ? 4 : 2;
            int sum = top[2 * i] + bottom[2 * i] + (n == 4 ? top[2 * i + 1] + bottom[2 * i + 1] : 0);
            Assert.Equal((sum + n / 2) / n, actual[i]);
        }
    }

    [Fact]
    public void Block_reduction_by_two_equals_the_general_block_mean()
    {
        var random = new Random(5);
        var pixels = new byte[101 * 77];
        random.NextBytes(pixels);
        var image = new GrayImage(101, 77, pixels);
        var region = new PixelRect(3, 2, 95, 73);
        var reduced = AreaResampler.BlockReduce(image, region, 2);
        Assert.Equal((48, 37), (reduced.Width, reduced.Height));
        for (int by = 0; by < reduced.Height; by++)
            for (int bx = 0; bx < reduced.Width; bx++)
            {
                int sum = 0, n = 0;
                for (int y = region.Y + 2 * by; y < Math.Min(region.Y + region.Height, region.Y + 2 * by + 2); y++)
                    for (int x = region.X + 2 * bx; x < Math.Min(region.X + region.Width, region.X + 2 * bx + 2); x++) { sum += image[x, y]; n++; }
                Assert.Equal((sum + n / 2) / n, reduced[bx, by]);
            }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(20, 1, 3)]
    [InlineData(40, 1, 17)]
    [InlineData(9, 13, 5)]
    [InlineData(30, 7, 16)]
    [InlineData(17, 3, 17)]
    public void The_sliding_maximum_equals_the_direct_maximum(int count, int unit, int window)
    {
        var random = new Random(count * 31 + window);
        var source = new float[count * unit];
        for (int i = 0; i < source.Length; i++) source[i] = random.Next(4) == 0 ? 0f : random.NextSingle();
        var actual = new float[(count - window + 1) * unit];
        SlidingMaximum.Compute(source, count, unit, window, actual, new float[source.Length], new float[source.Length]);
        for (int x = 0; x <= count - window; x++)
            for (int u = 0; u < unit; u++)
            {
                float expected = 0;
                for (int k = 0; k < window; k++) expected = Math.Max(expected, source[(x + k) * unit + u]);
                Assert.Equal(expected, actual[x * unit + u]);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Dilation_equals_the_maximum_over_the_square(int radius)
    {
        var random = new Random(radius);
        int width = 23, height = 19;
        var image = new float[width * height];
        for (int i = 0; i < image.Length; i++) image[i] = random.Next(3) == 0 ? random.NextSingle() : 0f;
        var (result, ow) = StrokeThickener.Dilate(image, width, radius);
        Assert.Equal(width + 2 * radius, ow);
        Assert.Equal(ow * (height + 2 * radius), result.Length);
        for (int y = 0; y < height + 2 * radius; y++)
            for (int x = 0; x < ow; x++)
            {
                float expected = 0;
                for (int sy = y - 2 * radius; sy <= y; sy++)
                    for (int sx = x - 2 * radius; sx <= x; sx++)
                        if (sy >= 0 && sy < height && sx >= 0 && sx < width) expected = Math.Max(expected, image[sy * width + sx]);
                Assert.Equal(expected, result[y * ow + x]);
            }
    }
}

/// <summary>The four-copy histogram counting against a plain histogram.</summary>
public sealed class SplitHistogramTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 2)]
    [InlineData(8, 3)]
    [InlineData(203, 4)]
    [InlineData(4096, 5)]
    public void Split_counts_equal_a_plain_histogram(int length, int seed)
    {
        var random = new Random(seed);
        // Runs of zeros (the skipped groups of eight) between runs of random bytes, at odd offsets.
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)0;
        var ways = new int[SplitHistogram.Ways * 256];
        SplitHistogram.Add(bytes, ways);
        var byteHistogram = new int[256];
        SplitHistogram.MergeInto(ways, byteHistogram);
        for (int v = 0; v < 256; v++) Assert.Equal(bytes.Count(b => b == v), byteHistogram[v]);
        Assert.Equal(length, byteHistogram.Sum());
    }

    [Fact]
    public void Too_few_counters_are_refused()
    {
        var ways = new int[SplitHistogram.Ways * 10];
        Assert.Throws<ArgumentException>(() => SplitHistogram.Add(new byte[4], ways));
    }
}

/// <summary>The background estimator's 5 × 5 median (a comparator network, eight windows at a time) against sorting each window.</summary>
public sealed class MedianFilterTests
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(2, 3, false)]
    [InlineData(5, 5, false)]
    [InlineData(20, 20, false)]
    [InlineData(20, 7, false)]
    [InlineData(13, 20, false)]
    [InlineData(20, 20, true)]
    [InlineData(9, 14, true)]
    public void The_merged_median_equals_the_sorted_median(int w, int h, bool plateaus)
    {
        var random = new Random(w * 100 + h);
        var src = new float[w * h];
        // Few distinct values, so ties are common, plus some arbitrary ones.
        for (int i = 0; i < src.Length; i++) src[i] = random.Next(3) == 0 ? random.NextSingle() * 255 : random.Next(6) * 4;
        // Even paper: whole windows of one value (the shortcut path), beside windows that are not.
        if (plateaus)
            for (int i = 0; i < src.Length; i++)
                if (i % w < w / 2 || i / w < h / 3) src[i] = 236f;
        var expected = new float[src.Length];
        var actual = new float[src.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var window = new List<float>();
                for (int yy = Math.Max(0, y - 2); yy <= Math.Min(h - 1, y + 2); yy++)
                    for (int xx = Math.Max(0, x - 2); xx <= Math.Min(w - 1, x + 2); xx++) window.Add(src[yy * w + xx]);
                window.Sort();
                int n = window.Count;
                expected[y * w + x] = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
            }
        BlockGridFilters.Median5x5(src, actual, w, h);
        Assert.Equal(expected, actual);
    }
}
