using DigitReader.Preprocessing;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// <see cref="RuledLineRemover"/> against <see cref="RuledLineReference"/> on random masks: digit-like
/// strokes, whole, partial and dashed lines both ways, specks. The masks are built directly, so cases the
/// photo corpus rarely reaches (lines ending inside the page, dashes with equal fits, ink on the borders,
/// lines crossing strokes) come up in every run.
/// </summary>
public sealed class RuledLineRemoverTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Removal_equals_the_reference_on_random_masks(int seed)
    {
        var random = new Random(seed);
        int withLines = 0;
        for (int k = 0; k < 60; k++)
        {
            int width = random.Next(24, 420), height = random.Next(24, 420);
            var mask = RandomMask(random, width, height);
            using var components = ConnectedComponents.Label(mask, mask, width, height);
            var expected = (byte[])mask.Clone();
            var expectedRemoved = new byte[mask.Length];
            int expectedCount = RuledLineReference.Remove(expected, expectedRemoved, width, height, components.Components);
            var actual = (byte[])mask.Clone();
            var actualRemoved = new byte[mask.Length];
            int actualCount = RuledLineRemover.Remove(actual, actualRemoved, width, height, components.Components);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"case {k} ({width} × {height}): the masks differ");
            Assert.True(expectedRemoved.AsSpan().SequenceEqual(actualRemoved), $"case {k}: the removed pixels differ");
            Assert.Equal(expectedCount, actualCount);
            if (expectedCount > 0) withLines++;
        }
        // Most cases must reach the line path, or the comparison proves little.
        Assert.InRange(withLines, 20, 60);
    }

    /// <summary>A mask (1 = ink) with a few strokes and, in most cases, lines of either direction.</summary>
    private static byte[] RandomMask(Random random, int width, int height)
    {
        var mask = new byte[width * height];
        void Set(int x, int y)
        {
            if (x >= 0 && x < width && y >= 0 && y < height) mask[y * width + x] = 1;
        }
        // Strokes: elliptic rings and straight bars, 1 to 12 pixels wide.
        for (int s = random.Next(0, 4); s > 0; s--)
        {
            double cx = random.Next(width), cy = random.Next(height), rx = 4 + random.Next(width / 2), ry = 4 + random.Next(height / 2);
            double stroke = 1 + random.Next(12);
            bool bar = random.Next(3) == 0;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
                    double distance = bar ? Math.Abs(dx - dy) * Math.Min(rx, ry) : Math.Abs(Math.Sqrt(dx * dx + dy * dy) - 1) * Math.Min(rx, ry);
                    if (distance <= stroke / 2 && (!bar || Math.Abs(dy) <= 1)) Set(x, y);
                }
        }
        // Lines: whole, partial or dashed, slightly sloped, 1 to 4 thick; in a group they share slope and dashes.
        for (int group = random.Next(0, 3); group > 0; group--)
        {
            bool vertical = random.Next(2) == 0;
            int length = vertical ? height : width, across = vertical ? width : height;
            double slope = random.Next(3) == 0 ? 0 : (random.NextDouble() - 0.5) * 0.3;
            int thickness = 1 + random.Next(4), period = random.Next(3) == 0 ? 6 + random.Next(30) : 0;
            int start = random.Next(2) == 0 ? 0 : random.Next(length / 2), end = random.Next(2) == 0 ? length : start + random.Next(length - start + 1);
            int spacing = 8 + random.Next(40);
            for (double offset = random.Next(across); offset < across; offset += random.Next(2) == 0 ? spacing : across)
                for (int t = start; t < end; t++)
                {
                    if (period > 0 && t / period % 2 == 1) continue;
                    int c = (int)Math.Floor(offset + slope * t);
                    for (int d = 0; d < thickness; d++)
                        if (vertical) Set(c + d, t);
                        else Set(t, c + d);
                }
        }
        for (int s = random.Next(0, 30); s > 0; s--) Set(random.Next(width), random.Next(height));
        return mask;
    }
}
