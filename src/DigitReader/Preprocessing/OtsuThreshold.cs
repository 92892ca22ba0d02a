namespace DigitReader.Preprocessing;

/// <summary>
/// Otsu's threshold (N. Otsu, "A threshold selection method from gray-level histograms", IEEE Trans. SMC
/// 9(1), 1979): the level that maximises the between-class variance of a 256-bin histogram.
/// </summary>
internal static class OtsuThreshold
{
    /// <summary>
    /// The threshold <c>t</c> in 0–255 such that pixels with value <c>&gt;= t</c> form the upper class;
    /// 256 when the histogram holds a single level.
    /// </summary>
    public static int Compute(ReadOnlySpan<int> histogram)
    {
        long total = 0;
        double sumAll = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            total += histogram[i];
            sumAll += (double)i * histogram[i];
        }
        if (total == 0) return 256;
        long below = 0;
        double sumBelow = 0, best = -1;
        int threshold = 256;
        for (int t = 1; t < histogram.Length; t++)
        {
            below += histogram[t - 1];
            sumBelow += (double)(t - 1) * histogram[t - 1];
            long above = total - below;
            if (below == 0) continue;
            if (above == 0) break;
            double meanBelow = sumBelow / below, meanAbove = (sumAll - sumBelow) / above;
            double d = meanAbove - meanBelow;
            double between = (double)below * above * d * d;
            if (between > best)
            {
                best = between;
                threshold = t;
            }
        }
        return threshold;
    }
}
