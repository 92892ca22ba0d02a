namespace DigitReader.Bench;

/// <summary>Order statistics of a set of timings, in microseconds.</summary>
internal static class LatencyStatistics
{
    /// <summary>The <paramref name="q"/>-quantile (0–1) by the nearest-rank method: the smallest value with at least q of the samples at or below it.</summary>
    public static double Quantile(IReadOnlyList<double> samples, double q)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        int rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Converts a Stopwatch tick count to microseconds.</summary>
    public static double Microseconds(long ticks) => ticks * 1e6 / System.Diagnostics.Stopwatch.Frequency;
}
