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
        for (int y = 0; y < height; y++)
        {
            background.FillRow(y, rowBackground);
            var pixels = luma.AsSpan(y * width, width);
            var row = contrast.AsSpan(y * width, width);
            Row(pixels, rowBackground, lightInk, row, deviation);
            for (int x = 0; x < row.Length; x++)
            {
                contrastHistogram[row[x]]++;
                deviationHistogram[deviation[x]]++;
            }
        }
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
            var floorHeadroom = Vector256.Create(40f);
            var half = Vector256.Create(0.5f);
            var flip = Vector256.Create(lightInk ? 0 : 255);
            var sign = Vector256.Create(lightInk ? 1 : -1);
            ref byte c = ref MemoryMarshal.GetReference(contrast), a = ref MemoryMarshal.GetReference(deviation);
            for (; x <= pixels.Length - 16; x += 16)
            {
                var luma = Vector256.WidenLower(Vector128.LoadUnsafe(ref p, (nuint)x).ToVector256Unsafe());
                var (cLo, aLo) = Eight(Vector256.WidenLower(luma).AsInt32(), Vector256.LoadUnsafe(ref b, (nuint)x));
                var (cHi, aHi) = Eight(Vector256.WidenUpper(luma).AsInt32(), Vector256.LoadUnsafe(ref b, (nuint)x + 8));
                var cs = Vector256.Narrow(cLo, cHi);
                var As = Vector256.Narrow(aLo, aHi);
                Vector256.Narrow(cs, cs).AsByte().GetLower().StoreUnsafe(ref c, (nuint)x);
                Vector256.Narrow(As, As).AsByte().GetLower().StoreUnsafe(ref a, (nuint)x);
            }

            (Vector256<int> C, Vector256<int> A) Eight(Vector256<int> luma, Vector256<float> bg)
            {
                var v = Vector256.ConvertToSingle(flip + sign * luma);
                var d = full * (v - bg) / Vector256.Max(full - bg, floorHeadroom);
                return (Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(d, Vector256<float>.Zero), full) + half),
                        Vector256.ConvertToInt32(Vector256.Min(Vector256.Abs(d), full)));
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
            var floorHeadroom = Vector256.Create(40f);
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
                var d = full * (Vector256.ConvertToSingle(flip + sign * luma) - bg) / Vector256.Max(full - bg, floorHeadroom);
                var keep = Vector256.GreaterThanOrEqual(d, level) & kept.AsSingle();
                (Vector256.Min(d, full) & keep).StoreUnsafe(ref o, (nuint)x);
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
