namespace DigitReader.Preprocessing;

/// <summary>
/// Decides the polarity of an image: dark ink on light paper (the usual case) or light ink on a dark
/// background (chalk on a board). The background is the majority of the pixels, so the median luma is
/// background; it is compared with the midpoint between the darkest and the lightest percentiles.
/// </summary>
internal static class PolarityDetector
{
    /// <summary>
    /// True when the ink is lighter than the background. <paramref name="histogram"/> is the 256-bin luma
    /// histogram of the grayscale (0 = black, 255 = white).
    /// </summary>
    public static bool IsLightInkOnDark(ReadOnlySpan<int> histogram)
    {
        long total = 0;
        foreach (int c in histogram) total += c;
        int low = Percentile(histogram, total, 0.01);
        int median = Percentile(histogram, total, 0.50);
        int high = Percentile(histogram, total, 0.99);
        // Background below the middle of the range: the ink is the light part.
        return median * 2 < low + high;
    }

    /// <summary>The smallest level at or below which at least <paramref name="fraction"/> of the pixels lie.</summary>
    internal static int Percentile(ReadOnlySpan<int> histogram, long total, double fraction)
    {
        long target = Math.Max(1, (long)Math.Ceiling(total * fraction));
        long seen = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= target) return i;
        }
        return histogram.Length - 1;
    }
}
