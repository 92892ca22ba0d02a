using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// Decides the polarity of an image: dark ink on light paper (the usual case) or light ink on a dark
/// background (chalk on a board). A polarity-neutral background (the median of each block, median-filtered
/// over 5 × 5 blocks, interpolated) is subtracted; ink is the side whose residual reaches farther, judged
/// by the level a handful of pixels reach on each side (a small digit covers well under 1% of a photo).
/// A shadow edge or a vignette leaves residuals on both sides, and smaller ones than ink. When both sides
/// reach about as far (a bold digit filling its neighbourhood), the global median decides.
/// </summary>
internal static class PolarityDetector
{
    /// <summary>
    /// True when the ink is lighter than the background. <paramref name="neutral"/> gives the neutral
    /// background in luma units (0 = black).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsLightInkOnDark(byte[] luma, int width, int height, BackgroundEstimator neutral)
    {
        Span<int> hist = stackalloc int[511];
        Span<int> ways = stackalloc int[SplitHistogram.Ways * 511];
        var row = new float[width];
        var bins = new int[width];
        for (int y = 0; y < height; y++)
        {
            neutral.FillRow(y, row);
            ResidualBins(luma.AsSpan(y * width, width), row, bins);
            SplitHistogram.Add(bins, ways, 511); // ResidualBins clamps to 0 … 510
        }
        SplitHistogram.MergeInto(ways, hist);
        long few = Math.Max(8, (long)width * height / 20000);
        int dark = 0, light = 510;
        for (long seen = hist[0]; seen < few && dark < 510;) seen += hist[++dark];
        for (long seen = hist[510]; seen < few && light > 0;) seen += hist[--light];
        int lightReach = light - 255, darkReach = 255 - dark;
        if (Math.Abs(lightReach - darkReach) > 0.25 * Math.Max(lightReach, darkReach)) return lightReach > darkReach;
        // A tie: the digit is bold enough to be the local majority somewhere. Globally the background is the
        // majority, so the ink is the extreme farther from the global median.
        Span<int> lumaHist = stackalloc int[256];
        Span<int> lumaWays = stackalloc int[SplitHistogram.Ways * 256];
        SplitHistogram.Add(luma, lumaWays);
        SplitHistogram.MergeInto(lumaWays, lumaHist);
        int median = Percentile(lumaHist, luma.Length, 0.5);
        int lo = 0, hi = 255;
        for (long seen = lumaHist[0]; seen < few && lo < 255;) seen += lumaHist[++lo];
        for (long seen = lumaHist[255]; seen < few && hi > 0;) seen += lumaHist[--hi];
        return hi - median > median - lo;
    }

    /// <summary>
    /// Histogram bin (0–510) of each pixel's residual <c>luma − round(background)</c>, offset by 255;
    /// the background is non-negative, so rounding is truncation of <c>background + 0.5</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResidualBins(ReadOnlySpan<byte> luma, ReadOnlySpan<float> background, Span<int> bins)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte l = ref MemoryMarshal.GetReference(luma);
            ref float b = ref MemoryMarshal.GetReference(background);
            ref int o = ref MemoryMarshal.GetReference(bins);
            var half = Vector256.Create(0.5f);
            var offset = Vector256.Create(255);
            var top = Vector256.Create(510);
            for (; x <= luma.Length - 16; x += 16)
            {
                var wide = Vector256.WidenLower(Vector128.LoadUnsafe(ref l, (nuint)x).ToVector256Unsafe());
                var lo = Vector256.WidenLower(wide).AsInt32() - Vector256.ConvertToInt32Native(Vector256.LoadUnsafe(ref b, (nuint)x) + half) + offset;
                var hi = Vector256.WidenUpper(wide).AsInt32() - Vector256.ConvertToInt32Native(Vector256.LoadUnsafe(ref b, (nuint)x + 8) + half) + offset;
                Vector256.Min(Vector256.Max(lo, Vector256<int>.Zero), top).StoreUnsafe(ref o, (nuint)x);
                Vector256.Min(Vector256.Max(hi, Vector256<int>.Zero), top).StoreUnsafe(ref o, (nuint)x + 8);
            }
        }
        for (; x < luma.Length; x++) bins[x] = Math.Clamp(luma[x] - (int)(background[x] + 0.5f), -255, 255) + 255;
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
