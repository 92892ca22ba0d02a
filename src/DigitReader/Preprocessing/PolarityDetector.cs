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
        long few = Few(width, height);
        var (dark, light) = ResidualExtremes(luma, width, height, neutral);
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

    /// <summary>How many pixels make an extreme: a handful, or one in 20,000 of a large image.</summary>
    private static long Few(int width, int height) => Math.Max(8, (long)width * height / 20000);

    /// <summary>
    /// The residual bins (<see cref="ResidualTails"/>) that the <c>few</c> darkest and the <c>few</c> lightest
    /// pixels reach: the lowest bin whose cumulative count from below reaches <c>few</c>, and the highest
    /// from above (510 and 0 when no bin does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (int Dark, int Light) ResidualExtremes(byte[] luma, int width, int height, BackgroundEstimator neutral)
    {
        long few = Few(width, height);
        Span<int> hist = stackalloc int[511];
        var tails = new ResidualTails(few);
        for (int y = 0; y < height; y++)
        {
            var row = luma.AsSpan(y * width, width);
            if (tails.Between(row, neutral.RoundedRowRange(y))) continue;
            neutral.RowSources(y, out var top, out var bottom, out float fy);
            tails.Count(row, top, bottom, fy, hist);
            tails.Narrow(hist);
        }
        int dark = 0, light = 510;
        for (long seen = hist[0]; seen < few && dark < 510;) seen += hist[++dark];
        for (long seen = hist[510]; seen < few && light > 0;) seen += hist[--light];
        return (dark, light);
    }

    /// <summary>
    /// Counts the residual histogram (bins 0–510: <c>luma − round(background)</c>, offset by 255, clamped; the
    /// background is non-negative, so rounding is truncation of <c>background + 0.5</c>) only where the walks
    /// of <see cref="ResidualExtremes"/> read it. Once bins 0 … L hold <c>few</c> counts, the walk up from bin 0
    /// stops at L or below whatever else comes, and it reads only bins below L on the way, so pixels in bin L
    /// or above need not be counted any more: every bin below L keeps its full count, and L keeps at least
    /// <c>few</c> below and in it, so the walk stops where it would over the full histogram. The high side
    /// mirrors it. Most pixels are background between the two bounds, and are compared eight at a time
    /// instead of counted one by one.
    /// </summary>
    private struct ResidualTails(long few)
    {
        private int _low = 511, _high = -1; // bins below _low and above _high are counted
        private long _belowLow, _aboveHigh;  // how many counts those bins hold

        /// <summary>
        /// Counts one row's residuals that fall outside the bounds. The background is blended from the
        /// estimator's two source rows here, as <see cref="BackgroundEstimator.FillRow(int, Span{float})"/> blends it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Count(ReadOnlySpan<byte> luma, ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float fy, Span<int> hist)
        {
            float gy = 1 - fy;
            int x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ref byte l = ref MemoryMarshal.GetReference(luma);
                ref float t = ref MemoryMarshal.GetReference(top[..luma.Length]), b = ref MemoryMarshal.GetReference(bottom[..luma.Length]);
                var wt = Vector256.Create(gy);
                var wb = Vector256.Create(fy);
                var half = Vector256.Create(0.5f);
                // Residuals (unclamped) between the bounds have their bins between the bounds too.
                var low = Vector256.Create(_low - 255);
                var high = Vector256.Create(_high - 255);
                for (; x <= luma.Length - 8; x += 8)
                {
                    var pixels = Vector256.WidenLower(Vector256.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref l, x))).AsByte().ToVector256Unsafe()));
                    var background = Vector256.LoadUnsafe(ref t, (nuint)x) * wt + Vector256.LoadUnsafe(ref b, (nuint)x) * wb;
                    var residual = pixels.AsInt32() - Vector256.ConvertToInt32Native(background + half);
                    if ((Vector256.LessThan(residual, low) | Vector256.GreaterThan(residual, high)) != Vector256<int>.Zero) AddEach(residual, hist);
                }
            }
            for (; x < luma.Length; x++) Add(Math.Clamp(luma[x] - (int)(top[x] * gy + bottom[x] * fy + 0.5f), -255, 255) + 255, hist);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void AddEach(Vector256<int> residuals, Span<int> hist)
        {
            for (int i = 0; i < Vector256<int>.Count; i++) Add(Math.Clamp(residuals.GetElement(i), -255, 255) + 255, hist);
        }

        private void Add(int bin, Span<int> hist)
        {
            if (bin >= _low && bin <= _high) return;
            hist[bin]++;
            if (bin < _low) _belowLow++;
            if (bin > _high) _aboveHigh++;
        }

        /// <summary>
        /// Whether every residual of <paramref name="luma"/> lies between the bounds, so nothing in the row would
        /// be counted, given bounds on the row's rounded background (from <see cref="BackgroundEstimator.RoundedRowRange"/>):
        /// one look at the bytes instead of the background of every pixel (a margin of even paper, most of a canvas).
        /// </summary>
        public readonly bool Between(ReadOnlySpan<byte> luma, (int Low, int High) background)
        {
            // The residual luma − background lies in [luma − High, luma − Low]: within the bounds for every luma in [least, most].
            int least = Math.Max(0, _low - 255 + background.High), most = Math.Min(255, _high - 255 + background.Low);
            return least <= most && luma.IndexOfAnyExceptInRange((byte)least, (byte)most) < 0;
        }

        /// <summary>Moves each bound inwards past the bins that already hold <c>few</c> counts on its side.</summary>
        public void Narrow(ReadOnlySpan<int> hist)
        {
            while (_belowLow >= few && _low > 0) _belowLow -= hist[--_low];
            while (_aboveHigh >= few && _high < 510) _aboveHigh -= hist[++_high];
        }
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
