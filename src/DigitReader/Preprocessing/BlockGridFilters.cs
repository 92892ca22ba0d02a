using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// The filters <see cref="BackgroundEstimator"/> runs on its grid of block values (about 20 × 20): linear
/// extrapolation past the borders, the minimum and maximum of an opening, the 5 × 5 median of the
/// polarity-neutral estimate and the 3 × 3 mean that smooths the result. Each is exact: the same values as
/// the plain definition, bit for bit, however it is vectorised.
/// </summary>
internal static class BlockGridFilters
{
    /// <summary>
    /// The grid padded by <paramref name="r"/> cells on every side, each outside cell extrapolated linearly
    /// from the two nearest cells of its row (then, above and below the grid, of its column), clamped to 0–255.
    /// </summary>
    internal static float[] Extrapolate(float[] grid, int gw, int gh, int r)
    {
        int pw = gw + 2 * r, ph = gh + 2 * r;
        // Each grid row extended along x (unclamped), then each padded column extended along y; cells inside
        // a line are its own, so only the ends are worked out.
        var rows = new float[gh * pw];
        for (int gy = 0; gy < gh; gy++)
        {
            var g = grid.AsSpan(gy * gw, gw);
            var row = rows.AsSpan(gy * pw, pw);
            float first = g[0], second = g[Math.Min(1, gw - 1)], beforeLast = g[Math.Max(0, gw - 2)], last = g[gw - 1];
            g.CopyTo(row[r..]);
            for (int x = 0; x < r; x++)
            {
                row[x] = Along(first, second, beforeLast, last, x - r, gw);
                row[pw - 1 - x] = Along(first, second, beforeLast, last, gw - 1 + r - x, gw);
            }
        }
        var p = new float[pw * ph];
        for (int y = 0; y < ph; y++)
        {
            int gy = y - r;
            var row = p.AsSpan(y * pw, pw);
            if (gy >= 0 && gy < gh)
            {
                var source = rows.AsSpan(gy * pw, pw);
                for (int x = 0; x < pw; x++) row[x] = Math.Clamp(source[x], 0, 255);
                continue;
            }
            for (int x = 0; x < pw; x++)
            {
                float first = rows[x], second = rows[Math.Min(1, gh - 1) * pw + x];
                float beforeLast = rows[Math.Max(0, gh - 2) * pw + x], last = rows[(gh - 1) * pw + x];
                row[x] = Math.Clamp(Along(first, second, beforeLast, last, gy, gh), 0, 255);
            }
        }
        return p;

        // Value at index i outside 0 … n − 1 of a line of n cells: on the line through the two nearest cells.
        static float Along(float first, float second, float beforeLast, float last, int i, int n)
        {
            if (n == 1) return first;
            return i < 0 ? first + (first - second) * -i : last + (last - beforeLast) * (i - n + 1);
        }
    }

    /// <summary>
    /// The minimum (or maximum) over each (2r + 1)² window, clipped at the borders. The window is a product
    /// of a row range and a column range, so a pass along rows (into <paramref name="across"/>) then one along
    /// columns gives the same value; the minimum and maximum of a set do not depend on the order it is visited
    /// in, and <see cref="Vector256.Min{T}"/> and <see cref="MathF.Min"/> agree on every input (both are the
    /// IEEE 754 minimum), so cells are taken eight at a time where their windows are whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Extreme(float[] src, float[] dst, float[] across, int w, int h, int r, bool minimum)
    {
        const int lanes = 8; // Vector256<float>.Count
        int inner = Math.Max(0, w - 2 * r) / lanes * lanes; // cells from r on whose row windows are whole, in vectors
        bool vectors = Vector256.IsHardwareAccelerated;
        for (int y = 0; y < h; y++)
        {
            var row = src.AsSpan(y * w, w);
            var result = across.AsSpan(y * w, w);
            int x = 0;
            for (; x < w; x++)
            {
                if (x == r && vectors) x += inner;
                if (x == w) break;
                int x0 = Math.Max(0, x - r), x1 = Math.Min(w - 1, x + r);
                float best = row[x0];
                for (int i = x0 + 1; i <= x1; i++) best = minimum ? MathF.Min(best, row[i]) : MathF.Max(best, row[i]);
                result[x] = best;
            }
            if (!vectors) continue;
            ref float s = ref MemoryMarshal.GetReference(row), d = ref MemoryMarshal.GetReference(result);
            for (x = r; x < r + inner; x += lanes)
            {
                var best = Vector256.LoadUnsafe(ref s, (nuint)(x - r));
                for (int i = x - r + 1; i <= x + r; i++)
                    best = minimum ? Vector256.Min(best, Vector256.LoadUnsafe(ref s, (nuint)i)) : Vector256.Max(best, Vector256.LoadUnsafe(ref s, (nuint)i));
                best.StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (int y = 0; y < h; y++)
        {
            int y0 = Math.Max(0, y - r), y1 = Math.Min(h - 1, y + r), x = 0;
            if (vectors)
            {
                ref float a = ref MemoryMarshal.GetArrayDataReference(across), d = ref MemoryMarshal.GetReference(dst.AsSpan(y * w, w));
                for (; x <= w - lanes; x += lanes)
                {
                    var best = Vector256.LoadUnsafe(ref a, (nuint)(y0 * w + x));
                    for (int yy = y0 + 1; yy <= y1; yy++)
                        best = minimum ? Vector256.Min(best, Vector256.LoadUnsafe(ref a, (nuint)(yy * w + x))) : Vector256.Max(best, Vector256.LoadUnsafe(ref a, (nuint)(yy * w + x)));
                    best.StoreUnsafe(ref d, (nuint)x);
                }
            }
            for (; x < w; x++)
            {
                float best = across[y0 * w + x];
                for (int yy = y0 + 1; yy <= y1; yy++) best = minimum ? MathF.Min(best, across[yy * w + x]) : MathF.Max(best, across[yy * w + x]);
                dst[y * w + x] = best;
            }
        }
    }

    /// <summary>
    /// The median of each 5 × 5 window (clipped at the borders; the mean of the two middle values when the
    /// window holds an even count). Eight windows of a row go through <see cref="MedianNetwork"/> at once,
    /// read from a copy of the grid padded with +∞: padding sorts after every value, so the first ranks of a
    /// clipped window of <c>n</c> values are its own values, in order, and its middle (rank <c>n / 2</c> ≤ 12) is among them.
    /// </summary>
    /// <remarks>The values are block percentiles (0 up to 256), never NaN or −0, as <see cref="MedianNetwork.Sort"/> requires.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Median5x5(float[] src, float[] dst, int w, int h)
    {
        const int lanes = 8; // Vector256<float>.Count
        int pw = (w + lanes - 1) / lanes * lanes + 4, ph = h + 4;
        var padded = Scratch.Rent<float>(pw * ph, clear: false);
        try
        {
            padded.AsSpan(0, pw * ph).Fill(float.PositiveInfinity);
            for (int y = 0; y < h; y++) src.AsSpan(y * w, w).CopyTo(padded.AsSpan((y + 2) * pw + 2, w));
            Span<Vector256<float>> window = stackalloc Vector256<float>[MedianNetwork.Inputs];
            ref float sorted = ref Unsafe.As<Vector256<float>, float>(ref MemoryMarshal.GetReference(window));
            ref float p = ref MemoryMarshal.GetArrayDataReference(padded);
            for (int y = 0; y < h; y++)
            {
                int rows = Math.Min(h - 1, y + 2) - Math.Max(0, y - 2) + 1;
                for (int x0 = 0; x0 < w; x0 += lanes)
                {
                    // Window slot (dy, dx) of lane j is padded cell (y + dy, x0 + j + dx): inside the copy,
                    // whose width leaves room for a last vector of lanes past the grid.
                    for (int dy = 0; dy < 5; dy++)
                        for (int dx = 0; dx < 5; dx++)
                            window[dy * 5 + dx] = Vector256.LoadUnsafe(ref p, (nuint)((y + dy) * pw + x0 + dx));
                    MedianNetwork.Sort(window);
                    for (int j = 0; j < lanes && x0 + j < w; j++)
                    {
                        int x = x0 + j, n = rows * (Math.Min(w - 1, x + 2) - Math.Max(0, x - 2) + 1);
                        float upper = Unsafe.Add(ref sorted, n / 2 * lanes + j);
                        dst[y * w + x] = n % 2 == 1 ? upper : (Unsafe.Add(ref sorted, (n / 2 - 1) * lanes + j) + upper) / 2;
                    }
                }
            }
        }
        finally
        {
            Scratch.Return(padded);
        }
    }

    /// <summary>The mean of each 3 × 3 window, clipped at the borders.</summary>
    internal static void Mean3x3(float[] src, float[] dst, int w, int h)
    {
        for (int y = 0; y < h; y++)
        {
            int y0 = Math.Max(0, y - 1), y1 = Math.Min(h - 1, y + 1);
            int x = 0;
            MeanAt(src, dst, w, y, y0, y1, 0);
            // Cells with three columns, eight at a time: the same additions in the same order as one at a time.
            if (Vector256.IsHardwareAccelerated)
            {
                var count = Vector256.Create((float)((y1 - y0 + 1) * 3));
                ref float s = ref MemoryMarshal.GetArrayDataReference(src);
                for (x = 1; x + Vector256<float>.Count <= w - 1; x += Vector256<float>.Count)
                {
                    var sum = Vector256<float>.Zero;
                    for (int yy = y0; yy <= y1; yy++)
                    {
                        sum += Vector256.LoadUnsafe(ref s, (nuint)(yy * w + x - 1));
                        sum += Vector256.LoadUnsafe(ref s, (nuint)(yy * w + x));
                        sum += Vector256.LoadUnsafe(ref s, (nuint)(yy * w + x + 1));
                    }
                    (sum / count).CopyTo(dst, y * w + x);
                }
            }
            for (x = Math.Max(x, 1); x < w; x++) MeanAt(src, dst, w, y, y0, y1, x);
        }
    }

    /// <summary>The mean of cell (<paramref name="x"/>, <paramref name="y"/>)'s window, rows <paramref name="y0"/> … <paramref name="y1"/>.</summary>
    private static void MeanAt(float[] src, float[] dst, int w, int y, int y0, int y1, int x)
    {
        float sum = 0;
        int n = 0;
        for (int yy = y0; yy <= y1; yy++)
            for (int xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++)
            {
                sum += src[yy * w + xx];
                n++;
            }
        dst[y * w + x] = sum / n;
    }
}
