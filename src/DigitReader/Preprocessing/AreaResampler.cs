using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>
/// Resampling with an area (box) filter: each output pixel is the mean of the source area it covers, so
/// reducing an image anti-aliases it (thin strokes become grey rather than vanishing or aliasing).
/// Enlarging falls back to bilinear interpolation.
/// </summary>
internal static class AreaResampler
{
    /// <summary>
    /// Reduces <paramref name="region"/> of <paramref name="source"/> by the integer factor <paramref name="factor"/>:
    /// each output pixel is the rounded mean of a <c>factor × factor</c> block (partial at the right and bottom edges).
    /// The output is <c>⌈region.Width / factor⌉ × ⌈region.Height / factor⌉</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GrayImage BlockReduce(GrayImage source, PixelRect region, int factor)
    {
        if (factor == 1) return Copy(source, region);
        int dw = (region.Width + factor - 1) / factor, dh = (region.Height + factor - 1) / factor;
        var dst = new byte[dw * dh];
        // Column sums over a block's rows (≤ 255 · factor each), then sums of factor columns.
        var columns = new int[region.Width];
        var src = source.Pixels;
        int lastCols = region.Width - (dw - 1) * factor;
        for (int by = 0; by < dh; by++)
        {
            int y0 = region.Y + by * factor, y1 = Math.Min(region.Y + region.Height, y0 + factor);
            if (factor == 2 && y1 - y0 == 2)
            {
                // Halving is the common case (a 1 MP photo to the 512-pixel working size): its own vector loop.
                int top = y0 * source.Width + region.X;
                HalveRows(src.AsSpan(top, region.Width), src.AsSpan(top + source.Width, region.Width), dst.AsSpan(by * dw, dw));
                continue;
            }
            Array.Clear(columns);
            for (int y = y0; y < y1; y++) AddRow(src.AsSpan(y * source.Width + region.X, region.Width), columns);
            int rows = y1 - y0;
            // Rounded mean (sum + n/2) / n of a full block (n ≥ 2) by a multiply-high with ⌈2⁶⁴ / n⌉, exact
            // for 32-bit sums (Lemire, Kaser & Kurz 2019), instead of a hardware division per output pixel.
            int n = rows * factor, half = n / 2;
            ulong reciprocal = Reciprocal(n);
            var target = dst.AsSpan(by * dw, dw);
            for (int bx = 0, x = 0; bx < dw - 1; bx++)
            {
                int s = 0;
                for (int end = x + factor; x < end; x++) s += columns[x];
                target[bx] = (byte)Math.BigMul(reciprocal, (ulong)(uint)(s + half), out _);
            }
            int lastSum = 0, lastN = rows * lastCols;
            foreach (int c in columns.AsSpan((dw - 1) * factor, lastCols)) lastSum += c;
            target[dw - 1] = (byte)((lastSum + lastN / 2) / lastN);
        }
        return new GrayImage(dw, dh, dst);
    }

    /// <summary>
    /// One output row of a 2× reduction: <c>target[i]</c> is the rounded mean <c>(sum + 2) / 4</c> of the 2 × 2
    /// block at column 2i of <paramref name="top"/> and <paramref name="bottom"/>; an odd last column is a
    /// 1 × 2 block, <c>(sum + 1) / 2</c>, as in the general loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void HalveRows(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, Span<byte> target)
    {
        int full = top.Length / 2, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte t = ref MemoryMarshal.GetReference(top), b = ref MemoryMarshal.GetReference(bottom);
            ref byte o = ref MemoryMarshal.GetReference(target);
            var low = Vector256.Create(0xFFFFu);
            var two = Vector256.Create(2u);
            for (; i <= full - 16; i += 16)
            {
                var (t0, t1) = Vector256.Widen(Vector256.LoadUnsafe(ref t, (nuint)(2 * i)));
                var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)(2 * i)));
                // Column sums in 16-bit lanes; adding each lane pair's halves gives the block sums.
                var c0 = (t0 + b0).AsUInt32();
                var c1 = (t1 + b1).AsUInt32();
                var m0 = ((c0 & low) + (c0 >> 16) + two) >> 2;
                var m1 = ((c1 & low) + (c1 >> 16) + two) >> 2;
                var words = Vector256.Narrow(m0, m1);
                Vector256.Narrow(words, words).GetLower().StoreUnsafe(ref o, (nuint)i);
            }
        }
        for (; i < full; i++) target[i] = (byte)((top[2 * i] + top[2 * i + 1] + bottom[2 * i] + bottom[2 * i + 1] + 2) >> 2);
        if (top.Length % 2 == 1) target[full] = (byte)((top[^1] + bottom[^1] + 1) / 2);
    }

    /// <summary>The pixels of <paramref name="region"/> of <paramref name="source"/>, copied.</summary>
    public static GrayImage Copy(GrayImage source, PixelRect region)
    {
        var dst = new byte[region.Width * region.Height];
        for (int y = 0; y < region.Height; y++)
            source.Pixels.AsSpan((region.Y + y) * source.Width + region.X, region.Width).CopyTo(dst.AsSpan(y * region.Width));
        return new GrayImage(region.Width, region.Height, dst);
    }

    /// <summary><c>⌈2⁶⁴ / n⌉</c> for n ≥ 2, so that <c>x / n == mulhi(x, reciprocal)</c> for every 32-bit x.</summary>
    private static ulong Reciprocal(int n) => ulong.MaxValue / (ulong)n + 1;

    /// <summary><c>sums[i] += row[i]</c>, widening bytes to ints sixteen at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRow(ReadOnlySpan<byte> row, Span<int> sums)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte r = ref MemoryMarshal.GetReference(row);
            ref int s = ref MemoryMarshal.GetReference(sums);
            for (; i <= row.Length - 16; i += 16)
            {
                var wide = Vector256.WidenLower(Vector128.LoadUnsafe(ref r, (nuint)i).ToVector256Unsafe());
                (Vector256.LoadUnsafe(ref s, (nuint)i) + Vector256.WidenLower(wide).AsInt32()).StoreUnsafe(ref s, (nuint)i);
                (Vector256.LoadUnsafe(ref s, (nuint)i + 8) + Vector256.WidenUpper(wide).AsInt32()).StoreUnsafe(ref s, (nuint)i + 8);
            }
        }
        for (; i < row.Length; i++) sums[i] += row[i];
    }

    /// <summary>
    /// Maps <paramref name="src"/> (<paramref name="sw"/> × <paramref name="sh"/>) into <paramref name="dst"/>
    /// (<paramref name="dw"/> × <paramref name="dh"/>) so that source coordinate <c>u</c> lands at
    /// <c>offset + u · scale</c> on each axis (continuous coordinates, pixel edges at integers). Outside
    /// the source counts as 0 (background). Area filter when <paramref name="scale"/> ≤ 1, bilinear above.
    /// </summary>
    /// <remarks>
    /// Each output is the sum of its taps' <c>weight × value</c> products, added in increasing source order
    /// (rows first, then columns); the loops below only change which sums run side by side, never the order
    /// within one, so the result is exactly that of the plain loops.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Resample(float[] src, int sw, int sh, float[] dst, int dw, int dh, double scale, double offsetX, double offsetY)
    {
        var wx = Weights(sw, dw, scale, offsetX);
        var wy = Weights(sh, dh, scale, offsetY);
        var tmp = Scratch.Rent<float>(sh * dw, clear: false); // every element is written by the row pass
        try
        {
            // Four rows at a time: their sums are independent, so each add need not wait for the one before.
            int y = 0;
            for (; y + 4 <= sh; y += 4) FourRows(src.AsSpan(y * sw, 4 * sw), sw, wx, tmp.AsSpan(y * dw, 4 * dw), dw);
            for (; y < sh; y++)
                for (int i = 0; i < dw; i++)
                {
                    float sum = 0;
                    for (int k = wx.Start[i]; k < wx.Start[i + 1]; k++) sum += wx.Weight[k] * src[y * sw + wx.Index[k]];
                    tmp[y * dw + i] = sum;
                }
            // Columns: a whole target row at once, tap by tap (sum + w·x is x·w + sum exactly).
            for (int j = 0; j < dh; j++)
            {
                var row = dst.AsSpan(j * dw, dw);
                row.Clear();
                for (int k = wy.Start[j]; k < wy.Start[j + 1]; k++)
                    TensorPrimitives.MultiplyAdd(tmp.AsSpan(wy.Index[k] * dw, dw), wy.Weight[k], row, row);
            }
        }
        finally
        {
            Scratch.Return(tmp);
        }
    }

    /// <summary>The row pass for four consecutive source rows (<c>4 × sw</c> values) into four target rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourRows(ReadOnlySpan<float> rows, int sw, Taps wx, Span<float> target, int dw)
    {
        ReadOnlySpan<float> r0 = rows[..sw], r1 = rows.Slice(sw, sw), r2 = rows.Slice(2 * sw, sw), r3 = rows.Slice(3 * sw, sw);
        for (int i = 0; i < dw; i++)
        {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int k = wx.Start[i]; k < wx.Start[i + 1]; k++)
            {
                float w = wx.Weight[k];
                int x = wx.Index[k];
                s0 += w * r0[x];
                s1 += w * r1[x];
                s2 += w * r2[x];
                s3 += w * r3[x];
            }
            target[i] = s0;
            target[dw + i] = s1;
            target[2 * dw + i] = s2;
            target[3 * dw + i] = s3;
        }
    }

    /// <summary>
    /// The filter taps of every target pixel, flattened: those of target pixel i are entries
    /// <c>Start[i] … Start[i + 1] − 1</c> of <see cref="Index"/> (source pixel) and <see cref="Weight"/>, in
    /// increasing source order, which is also the order the sums add them in.
    /// </summary>
    private sealed record Taps(int[] Start, int[] Index, float[] Weight);

    private static Taps Weights(int sourceLength, int targetLength, double scale, double offset)
    {
        // A target pixel covers 1 / scale source pixels, so it overlaps at most that many plus two.
        int most = scale <= 1 ? (int)Math.Ceiling(1 / scale) + 2 : 2;
        var start = new int[targetLength + 1];
        var index = new int[targetLength * most];
        var weight = new float[targetLength * most];
        int count = 0;
        for (int i = 0; i < targetLength; i++)
        {
            start[i] = count;
            if (scale <= 1)
            {
                double a = (i - offset) / scale, b = (i + 1 - offset) / scale;
                for (int s = Math.Max(0, (int)Math.Floor(a)); s < Math.Min(sourceLength, (int)Math.Ceiling(b)); s++)
                {
                    double overlap = Math.Min(b, s + 1) - Math.Max(a, s);
                    if (overlap > 0) Add(s, (float)(overlap * scale));
                }
            }
            else
            {
                double u = (i + 0.5 - offset) / scale - 0.5;
                int s0 = (int)Math.Floor(u);
                double f = u - s0;
                if (s0 >= 0 && s0 < sourceLength) Add(s0, (float)(1 - f));
                if (s0 + 1 >= 0 && s0 + 1 < sourceLength) Add(s0 + 1, (float)f);
            }
        }
        start[targetLength] = count;
        return new Taps(start, index, weight);

        void Add(int source, float w)
        {
            index[count] = source;
            weight[count] = w;
            count++;
        }
    }
}
