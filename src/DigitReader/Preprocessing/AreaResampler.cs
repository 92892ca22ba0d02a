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
            Array.Clear(columns);
            int y0 = region.Y + by * factor, y1 = Math.Min(region.Y + region.Height, y0 + factor);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Resample(float[] src, int sw, int sh, float[] dst, int dw, int dh, double scale, double offsetX, double offsetY)
    {
        var wx = Weights(sw, dw, scale, offsetX);
        var wy = Weights(sh, dh, scale, offsetY);
        var tmp = new float[sh * dw];
        for (int y = 0; y < sh; y++)
            for (int i = 0; i < dw; i++)
            {
                float sum = 0;
                foreach (var (s, w) in wx[i]) sum += w * src[y * sw + s];
                tmp[y * dw + i] = sum;
            }
        for (int j = 0; j < dh; j++)
            for (int i = 0; i < dw; i++)
            {
                float sum = 0;
                foreach (var (s, w) in wy[j]) sum += w * tmp[s * dw + i];
                dst[j * dw + i] = sum;
            }
    }

    private static List<(int Index, float Weight)>[] Weights(int sourceLength, int targetLength, double scale, double offset)
    {
        var result = new List<(int, float)>[targetLength];
        for (int i = 0; i < targetLength; i++)
        {
            var list = new List<(int, float)>();
            if (scale <= 1)
            {
                double a = (i - offset) / scale, b = (i + 1 - offset) / scale;
                for (int s = Math.Max(0, (int)Math.Floor(a)); s < Math.Min(sourceLength, (int)Math.Ceiling(b)); s++)
                {
                    double overlap = Math.Min(b, s + 1) - Math.Max(a, s);
                    if (overlap > 0) list.Add((s, (float)(overlap * scale)));
                }
            }
            else
            {
                double u = (i + 0.5 - offset) / scale - 0.5;
                int s0 = (int)Math.Floor(u);
                double f = u - s0;
                if (s0 >= 0 && s0 < sourceLength) list.Add((s0, (float)(1 - f)));
                if (s0 + 1 >= 0 && s0 + 1 < sourceLength) list.Add((s0 + 1, (float)f));
            }
            result[i] = list;
        }
        return result;
    }
}
