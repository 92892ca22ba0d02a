using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// The ink contrast of every pixel of the working image (<see cref="BackgroundEstimator.Contrast"/>,
/// rounded and clamped to 0–255) with the two histograms the threshold and the noise level are read
/// from. Vectorised eight pixels at a time; the per-pixel arithmetic is the scalar formula's, operation
/// for operation (no fused multiply–add), so the bytes are identical to a scalar loop's.
/// </summary>
internal static class InkContrast
{
    /// <summary>
    /// Fills <paramref name="contrast"/> (row-major, <paramref name="width"/> × <paramref name="height"/>)
    /// from <paramref name="luma"/> (0 = black) and <paramref name="background"/> (ink-bright units);
    /// <paramref name="contrastHistogram"/> counts the contrast bytes and <paramref name="deviationHistogram"/>
    /// the truncated absolute contrast <c>min(255, |d|)</c> before clamping (so negative residuals count as noise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Measure(byte[] luma, int width, int height, BackgroundEstimator background, bool lightInk,
        byte[] contrast, Span<int> contrastHistogram, Span<int> deviationHistogram)
    {
        var rowBackground = new float[width];
        var deviation = new byte[width];
        Span<int> contrastWays = stackalloc int[SplitHistogram.Ways * 256];
        Span<int> deviationWays = stackalloc int[SplitHistogram.Ways * 256];
        for (int y = 0; y < height; y++)
        {
            background.FillRow(y, rowBackground);
            var pixels = luma.AsSpan(y * width, width);
            var row = contrast.AsSpan(y * width, width);
            Row(pixels, rowBackground, lightInk, row, deviation);
            SplitHistogram.Add(row, contrastWays);
            SplitHistogram.Add(deviation, deviationWays);
        }
        SplitHistogram.MergeInto(contrastWays, contrastHistogram[..256]);
        SplitHistogram.MergeInto(deviationWays, deviationHistogram[..256]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<byte> pixels, ReadOnlySpan<float> background, bool lightInk, Span<byte> contrast, Span<byte> deviation)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte p = ref MemoryMarshal.GetReference(pixels);
            ref float b = ref MemoryMarshal.GetReference(background);
            var full = Vector256.Create(255f);
            var half = Vector256.Create(0.5f);
            var flip = Vector256.Create(lightInk ? 0 : 255);
            var sign = Vector256.Create(lightInk ? 1 : -1);
            ref byte c = ref MemoryMarshal.GetReference(contrast), a = ref MemoryMarshal.GetReference(deviation);
            // Blank paper (v = 0: white under dark ink, black under light ink) on a background of at most
            // 0.99 has −1 < d ≤ 0, so both bytes are 0: a canvas or a clean scan is mostly that, and it skips
            // the division. (|d| ≤ 255 · 0.99 / 254.01 < 0.9940, and the three roundings cannot lift it to 1.)
            var paper = Vector128.Create(lightInk ? (byte)0 : (byte)255);
            var faint = Vector256.Create(0.99f);
            for (; x <= pixels.Length - 16; x += 16)
            {
                var bytes = Vector128.LoadUnsafe(ref p, (nuint)x);
                if (bytes == paper
                    && Vector256.LessThanOrEqualAll(Vector256.LoadUnsafe(ref b, (nuint)x), faint)
                    && Vector256.LessThanOrEqualAll(Vector256.LoadUnsafe(ref b, (nuint)x + 8), faint)
                    && Vector256.GreaterThanOrEqualAll(Vector256.LoadUnsafe(ref b, (nuint)x), Vector256<float>.Zero)
                    && Vector256.GreaterThanOrEqualAll(Vector256.LoadUnsafe(ref b, (nuint)x + 8), Vector256<float>.Zero))
                {
                    Vector128<byte>.Zero.StoreUnsafe(ref c, (nuint)x);
                    Vector128<byte>.Zero.StoreUnsafe(ref a, (nuint)x);
                    continue;
                }
                var luma = Vector256.WidenLower(bytes.ToVector256Unsafe());
                var dLo = Contrast8(Vector256.WidenLower(luma).AsInt32(), Vector256.LoadUnsafe(ref b, (nuint)x), flip, sign);
                var dHi = Contrast8(Vector256.WidenUpper(luma).AsInt32(), Vector256.LoadUnsafe(ref b, (nuint)x + 8), flip, sign);
                // d clamped to 0–255 then rounded, and |d| capped at 255 then truncated: both fit a byte.
                var cs = Vector256.Narrow(Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(dLo, Vector256<float>.Zero), full) + half),
                                          Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(dHi, Vector256<float>.Zero), full) + half));
                var As = Vector256.Narrow(Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.Abs(dLo), full)),
                                          Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.Abs(dHi), full)));
                Vector256.Narrow(cs, cs).AsByte().GetLower().StoreUnsafe(ref c, (nuint)x);
                Vector256.Narrow(As, As).AsByte().GetLower().StoreUnsafe(ref a, (nuint)x);
            }
        }
        for (; x < pixels.Length; x++)
        {
            int v = lightInk ? pixels[x] : 255 - pixels[x];
            float d = BackgroundEstimator.Contrast(v, background[x]);
            contrast[x] = (byte)(d <= 0 ? 0 : d >= 255 ? 255 : (int)(d + 0.5f));
            deviation[x] = (byte)Math.Min(255, (int)MathF.Abs(d));
        }
    }

    /// <summary>
    /// <see cref="BackgroundEstimator.Contrast"/> of eight pixels: <paramref name="luma"/> turned ink-bright
    /// (<c>flip + sign·luma</c>) against the background <paramref name="background"/>. A method of its own, not
    /// a local function, so the JIT inlines it instead of calling it with the vectors spilled to memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Contrast8(Vector256<int> luma, Vector256<float> background, Vector256<int> flip, Vector256<int> sign)
    {
        var full = Vector256.Create(255f);
        return full * (Vector256.ConvertToSingle(flip + sign * luma) - background) / Vector256.MaxNative(full - background, Vector256.Create(40f));
    }

    /// <summary>Eight bytes, packed little-endian in <paramref name="bytes"/>, as eight 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen8(ulong bytes) =>
        Vector256.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(bytes).AsByte()).ToVector256Unsafe()).AsInt32();

    /// <summary><c>mask[i] = contrast[i] ≥ threshold ? 1 : 0</c>, 32 pixels at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Threshold(ReadOnlySpan<byte> contrast, int threshold, Span<byte> mask)
    {
        int i = 0;
        if (threshold > 255) { mask[..contrast.Length].Clear(); return; }
        if (Vector256.IsHardwareAccelerated)
        {
            var level = Vector256.Create((byte)threshold);
            var one = Vector256.Create((byte)1);
            for (; i <= contrast.Length - 32; i += 32)
                (Vector256.GreaterThanOrEqual(Vector256.Create(contrast.Slice(i, 32)), level) & one).CopyTo(mask.Slice(i, 32));
        }
        for (; i < contrast.Length; i++) mask[i] = contrast[i] >= threshold ? (byte)1 : (byte)0;
    }

    /// <summary>
    /// One row of the digit's cut: the contrast <c>d</c> of each pixel, capped at 255, where
    /// <paramref name="near"/> is non-zero and <c>d ≥ cut</c>; 0 elsewhere (<paramref name="values"/> must hold 0s).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CutRow(ReadOnlySpan<byte> pixels, ReadOnlySpan<float> background, ReadOnlySpan<byte> near, bool lightInk, float cut, Span<float> values)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var full = Vector256.Create(255f);
            var level = Vector256.Create(cut);
            var flip = Vector256.Create(lightInk ? 0 : 255);
            var sign = Vector256.Create(lightInk ? 1 : -1);
            ref byte p = ref MemoryMarshal.GetReference(pixels), n = ref MemoryMarshal.GetReference(near);
            ref float b = ref MemoryMarshal.GetReference(background), o = ref MemoryMarshal.GetReference(values);
            for (; x <= pixels.Length - 8; x += 8)
            {
                ulong nearBytes = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref n, x));
                if (nearBytes == 0) continue; // most of the box is away from the kept ink
                var luma = Widen8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, x)));
                var kept = ~Vector256.Equals(Widen8(nearBytes), Vector256<int>.Zero);
                var bg = Vector256.LoadUnsafe(ref b, (nuint)x);
                var d = Contrast8(luma, bg, flip, sign);
                var keep = Vector256.GreaterThanOrEqual(d, level) & kept.AsSingle();
                (Vector256.MinNative(d, full) & keep).StoreUnsafe(ref o, (nuint)x);
            }
        }
        for (; x < pixels.Length; x++)
        {
            if (near[x] == 0) continue;
            int v = lightInk ? pixels[x] : 255 - pixels[x];
            float d = BackgroundEstimator.Contrast(v, background[x]);
            if (d >= cut) values[x] = MathF.Min(255f, d);
        }
    }
}
