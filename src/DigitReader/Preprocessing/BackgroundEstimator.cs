using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// Estimates the background (paper or board) of a grayscale image as a smooth surface, so uneven
/// illumination, shadows and vignetting can be flattened. Works in ink-bright units (<c>v = 255 − luma</c>
/// for dark ink, <c>v = luma</c> for light ink): the image is cut into about 20 × 20 blocks, each block's
/// 30th percentile is taken (background wins unless the block is mostly ink), a morphological opening on
/// the block grid removes blocks covered by thick strokes, a 3 × 3 mean smooths the grid, and values
/// between block centres are interpolated bilinearly.
/// </summary>
internal sealed class BackgroundEstimator
{
    private const int BlocksAlongLongestSide = 20;
    private const int OpeningRadius = 2;
    private readonly float[] _grid;
    private readonly int _gridWidth, _gridHeight, _block, _width;
    /// <summary>
    /// Each grid row interpolated horizontally at every pixel centre of the image (<c>gridHeight × width</c>),
    /// so a full row is one vertical blend of two of these; the arithmetic is the same as the per-pixel
    /// bilinear formula of <see cref="FillRow(float, float, float, Span{float})"/>, so the values are identical.
    /// </summary>
    private readonly float[] _columns;

    private BackgroundEstimator(float[] grid, int gridWidth, int gridHeight, int block, int width)
    {
        _grid = grid;
        _gridWidth = gridWidth;
        _gridHeight = gridHeight;
        _block = block;
        _width = width;
        _columns = new float[gridHeight * width];
        // Where each pixel centre falls between grid columns does not depend on the row: find it once.
        var left = new int[width];
        var right = new int[width];
        var weight = new float[width];
        for (int i = 0; i < width; i++) (left[i], right[i], weight[i]) = ColumnBlend(0.5f + i);
        for (int gy = 0; gy < gridHeight; gy++)
        {
            var g = grid.AsSpan(gy * gridWidth, gridWidth);
            var row = _columns.AsSpan(gy * width, width);
            for (int i = 0; i < row.Length; i++) row[i] = g[left[i]] * (1 - weight[i]) + g[right[i]] * weight[i];
        }
    }

    /// <summary>
    /// Decides the polarity (<see cref="PolarityDetector"/>) and estimates the background of
    /// <paramref name="luma"/> (<paramref name="width"/> × <paramref name="height"/>, 0 = black).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static BackgroundEstimator Estimate(byte[] luma, int width, int height, out bool lightInk)
    {
        int block = Math.Max(2, (Math.Max(width, height) + BlocksAlongLongestSide - 1) / BlocksAlongLongestSide);
        int gw = (width + block - 1) / block, gh = (height + block - 1) / block, blocks = gw * gh;
        // One 64-bin luma histogram per block.
        var hist = Scratch.Rent<int>(blocks * 64, clear: true);
        try
        {
            return Estimate(luma, width, height, block, gw, gh, hist, out lightInk);
        }
        finally
        {
            Scratch.Return(hist);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BackgroundEstimator Estimate(byte[] luma, int width, int height, int block, int gw, int gh, int[] hist, out bool lightInk)
    {
        int blocks = gw * gh;
        CountBlockHistograms(luma, width, height, block, gw, hist);
        // The three block percentiles the estimate needs, from one scan of each histogram.
        var medians = new float[blocks];
        var low = new float[blocks];
        var high = new float[blocks];
        for (int b = 0; b < blocks; b++)
            HistogramPercentiles(hist.AsSpan(b * 64, 64), BlockArea(b, gw, block, width, height), out low[b], out medians[b], out high[b]);
        var neutral = new float[blocks];
        Median5x5(medians, neutral, gw, gh);
        lightInk = PolarityDetector.IsLightInkOnDark(luma, width, height, new BackgroundEstimator(neutral, gw, gh, block, width));
        // Background in ink-bright units: the 30th percentile of v = luma (light ink) or 255 − luma.
        var grid = new float[blocks];
        for (int b = 0; b < blocks; b++) grid[b] = lightInk ? low[b] : 255 - high[b];
        // Opening (minimum then maximum) on a grid extended by linear extrapolation, so a ramp towards the
        // border (a vignette) is not flattened at the edges.
        int r = OpeningRadius, pw = gw + 2 * r, ph = gh + 2 * r;
        var padded = Extrapolate(grid, gw, gh, r);
        var tmp = new float[padded.Length];
        Extreme(padded, tmp, pw, ph, r, minimum: true);
        Extreme(tmp, padded, pw, ph, r, minimum: false);
        for (int y = 0; y < gh; y++)
            for (int x = 0; x < gw; x++) grid[y * gw + x] = padded[(y + r) * pw + x + r];
        var smooth = new float[blocks];
        Mean3x3(grid, smooth, gw, gh);
        return new BackgroundEstimator(smooth, gw, gh, block, width);
    }

    /// <summary>Fills <paramref name="hist"/> with one 64-bin histogram of <c>luma / 4</c> per block, row-major by block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountBlockHistograms(byte[] luma, int width, int height, int block, int gw, int[] hist)
    {
        for (int y = 0; y < height; y++)
        {
            var blockRow = hist.AsSpan(y / block * gw * 64, gw * 64);
            var pixels = luma.AsSpan(y * width, width);
            for (int bx = 0, x0 = 0; bx < gw; bx++, x0 += block)
            {
                // luma / 4 < 64, inside the block's 64 bins, so the bounds checks can go.
                ref int bins = ref MemoryMarshal.GetReference(blockRow.Slice(bx * 64, 64));
                foreach (byte p in pixels[x0..Math.Min(width, x0 + block)]) Unsafe.Add(ref bins, p >> 2)++;
            }
        }
    }

    private static int BlockArea(int b, int gw, int block, int width, int height)
    {
        int bx = b % gw, by = b / gw;
        return (Math.Min(width, (bx + 1) * block) - bx * block) * (Math.Min(height, (by + 1) * block) - by * block);
    }

    /// <summary>
    /// The grid padded by <paramref name="r"/> cells on every side, each outside cell extrapolated linearly
    /// from the two nearest cells of its row (then, above and below the grid, of its column), clamped to 0–255.
    /// </summary>
    private static float[] Extrapolate(float[] grid, int gw, int gh, int r)
    {
        int pw = gw + 2 * r, ph = gh + 2 * r;
        // Each grid row extended along x (unclamped), then each padded column extended along y.
        var rows = new float[gh * pw];
        for (int gy = 0; gy < gh; gy++)
        {
            var g = grid.AsSpan(gy * gw, gw);
            float first = g[0], second = g[Math.Min(1, gw - 1)], beforeLast = g[Math.Max(0, gw - 2)], last = g[gw - 1];
            for (int x = 0; x < pw; x++)
            {
                int gx = x - r;
                rows[gy * pw + x] = Along(first, second, beforeLast, last, gx, gw, g[Math.Clamp(gx, 0, gw - 1)]);
            }
        }
        var p = new float[pw * ph];
        for (int x = 0; x < pw; x++)
        {
            float first = rows[x], second = rows[Math.Min(1, gh - 1) * pw + x];
            float beforeLast = rows[Math.Max(0, gh - 2) * pw + x], last = rows[(gh - 1) * pw + x];
            for (int y = 0; y < ph; y++)
            {
                int gy = y - r;
                p[y * pw + x] = Math.Clamp(Along(first, second, beforeLast, last, gy, gh, rows[Math.Clamp(gy, 0, gh - 1) * pw + x]), 0, 255);
            }
        }
        return p;

        // Value at index i (possibly outside 0 … n − 1) of a line of n cells: the cell itself inside, else
        // the line through the two nearest cells.
        static float Along(float first, float second, float beforeLast, float last, int i, int n, float inside)
        {
            if (i >= 0 && i < n) return inside;
            if (n == 1) return first;
            return i < 0 ? first + (first - second) * -i : last + (last - beforeLast) * (i - n + 1);
        }
    }

    /// <summary>
    /// Writes the background (ink-bright units, 0–255; luma for the neutral estimate) of row <paramref name="y"/> into <paramref name="row"/>,
    /// whose length is the image width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillRow(int y, Span<float> row)
    {
        if (row.Length != _width) throw new ArgumentException($"A row is {_width} pixels wide, got {row.Length}.", nameof(row));
        var (ya, yb, fy) = RowBlend(y + 0.5f);
        Blend(_columns.AsSpan(ya * _width, _width), _columns.AsSpan(yb * _width, _width), fy, row);
    }

    /// <summary>
    /// Writes the background at working coordinates <c>(x0 + i·step, yc)</c> for each <c>i</c> of
    /// <paramref name="row"/>; coordinates are continuous (pixel centres at +0.5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillRow(float yc, float x0, float step, Span<float> row)
    {
        var (ya, yb, fy) = RowBlend(yc);
        // Whole pixel centres inside the image: the precomputed columns give the same values.
        float first = x0 - 0.5f;
        if (step == 1f && first == MathF.Floor(first) && first >= 0 && first + row.Length <= _width)
        {
            int start = (int)first;
            Blend(_columns.AsSpan(ya * _width + start, row.Length), _columns.AsSpan(yb * _width + start, row.Length), fy, row);
            return;
        }
        for (int i = 0; i < row.Length; i++)
        {
            var (xa, xb, fx) = ColumnBlend(x0 + i * step);
            float top = _grid[ya * _gridWidth + xa] * (1 - fx) + _grid[ya * _gridWidth + xb] * fx;
            float bottom = _grid[yb * _gridWidth + xa] * (1 - fx) + _grid[yb * _gridWidth + xb] * fx;
            row[i] = top * (1 - fy) + bottom * fy;
        }
    }

    /// <summary>The two grid rows around continuous row coordinate <paramref name="yc"/> and the weight of the second.</summary>
    private (int Ya, int Yb, float Fy) RowBlend(float yc)
    {
        float gy = yc / _block - 0.5f;
        int iy = (int)MathF.Floor(gy);
        return (Math.Clamp(iy, 0, _gridHeight - 1), Math.Clamp(iy + 1, 0, _gridHeight - 1), gy - iy);
    }

    /// <summary>The two grid columns around continuous column coordinate <paramref name="xc"/> and the weight of the second.</summary>
    private (int Xa, int Xb, float Fx) ColumnBlend(float xc)
    {
        float gx = xc / _block - 0.5f;
        int ix = (int)MathF.Floor(gx);
        return (Math.Clamp(ix, 0, _gridWidth - 1), Math.Clamp(ix + 1, 0, _gridWidth - 1), gx - ix);
    }

    /// <summary>
    /// <c>row = top·(1 − fy) + bottom·fy</c>, vectorised. Separate multiplies and adds (no fused multiply–add),
    /// so each value is rounded exactly as the scalar formula rounds it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blend(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, float fy, Span<float> row)
    {
        float gy = 1 - fy;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var wt = Vector256.Create(gy);
            var wb = Vector256.Create(fy);
            ref float t = ref MemoryMarshal.GetReference(top), b = ref MemoryMarshal.GetReference(bottom), r = ref MemoryMarshal.GetReference(row);
            for (; i <= row.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var sum = Vector256.LoadUnsafe(ref t, (nuint)i) * wt + Vector256.LoadUnsafe(ref b, (nuint)i) * wb;
                sum.StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < row.Length; i++) row[i] = top[i] * gy + bottom[i] * fy;
    }

    /// <summary>
    /// The ink contrast of a pixel: how far its ink-bright value <paramref name="v"/> rises above the
    /// background <paramref name="background"/>, as a fraction of the headroom left above the background,
    /// scaled to 0–255. Dividing by the headroom flattens shadows (a multiplicative illumination model).
    /// </summary>
    public static float Contrast(float v, float background) => 255f * (v - background) / MathF.Max(255f - background, 40f);

    /// <summary>
    /// The 30th, 50th and 70th percentiles of a 64-bin histogram of <c>luma / 4</c>, in luma units, with linear
    /// interpolation inside the bin where each is reached; 255 when the histogram is empty.
    /// </summary>
    private static void HistogramPercentiles(ReadOnlySpan<int> hist, int total, out float p30, out float p50, out float p70)
    {
        Span<double> targets = [Math.Max(0.5, total * 0.30), Math.Max(0.5, total * 0.50), Math.Max(0.5, total * 0.70)];
        Span<float> found = [255, 255, 255];
        int k = 0;
        double seen = 0;
        int start = hist.IndexOfAnyExcept(0);
        for (int i = Math.Max(0, start); start >= 0 && i < hist.Length && k < 3; i++)
        {
            int count = hist[i];
            if (count == 0) continue;
            for (; k < 3 && seen + count >= targets[k]; k++) found[k] = (float)((i + (targets[k] - seen) / count) * 4);
            seen += count;
        }
        (p30, p50, p70) = (found[0], found[1], found[2]);
    }

    /// <summary>
    /// The minimum (or maximum) over each (2r + 1)² window, clipped at the borders. The window is a product
    /// of a row range and a column range, so a pass along rows then one along columns gives the same value.
    /// </summary>
    private static void Extreme(float[] src, float[] dst, int w, int h, int r, bool minimum)
    {
        var across = new float[src.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                across[y * w + x] = Extreme(src, y * w + Math.Max(0, x - r), Math.Min(w - 1, x + r) - Math.Max(0, x - r) + 1, 1, minimum);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                dst[y * w + x] = Extreme(across, Math.Max(0, y - r) * w + x, Math.Min(h - 1, y + r) - Math.Max(0, y - r) + 1, w, minimum);
    }

    /// <summary>The minimum (or maximum) of <paramref name="count"/> values from <paramref name="start"/>, <paramref name="stride"/> apart.</summary>
    private static float Extreme(float[] values, int start, int count, int stride, bool minimum)
    {
        float best = values[start];
        for (int i = 1, at = start + stride; i < count; i++, at += stride)
            best = minimum ? MathF.Min(best, values[at]) : MathF.Max(best, values[at]);
        return best;
    }

    /// <summary>
    /// The median of each 5 × 5 window (clipped at the borders; the mean of the two middle values when the
    /// window holds an even count). Each window's column segments are sorted once per output row and the
    /// window's middle found by merging those sorted columns, instead of sorting all 25 values per cell.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Median5x5(float[] src, float[] dst, int w, int h)
    {
        var columns = new float[w * 5]; // column x's window rows, sorted, at 5x …
        Span<int> next = stackalloc int[5];
        for (int y = 0; y < h; y++)
        {
            int y0 = Math.Max(0, y - 2), rows = Math.Min(h - 1, y + 2) - y0 + 1;
            for (int x = 0; x < w; x++)
            {
                var column = columns.AsSpan(5 * x, rows);
                for (int r = 0; r < rows; r++) column[r] = src[(y0 + r) * w + x];
                InsertionSort(column);
            }
            for (int x = 0; x < w; x++)
            {
                int x0 = Math.Max(0, x - 2), count = Math.Min(w - 1, x + 2) - x0 + 1, n = count * rows;
                // A window of one value (even paper, an empty canvas) has that value as its median.
                float lowest = float.MaxValue, highest = float.MinValue;
                for (int c = 0; c < count; c++)
                {
                    lowest = MathF.Min(lowest, columns[5 * (x0 + c)]);
                    highest = MathF.Max(highest, columns[5 * (x0 + c) + rows - 1]);
                }
                if (lowest == highest)
                {
                    dst[y * w + x] = lowest;
                    continue;
                }
                next[..count].Clear();
                // Take the smallest remaining value n / 2 + 1 times: the last two taken are the middle pair.
                float previous = 0, current = 0;
                for (int taken = 0; taken <= n / 2; taken++)
                {
                    int best = -1;
                    float bestValue = float.MaxValue;
                    for (int c = 0; c < count; c++)
                    {
                        if (next[c] == rows) continue;
                        float v = columns[5 * (x0 + c) + next[c]];
                        if (best < 0 || v < bestValue) { best = c; bestValue = v; }
                    }
                    next[best]++;
                    previous = current;
                    current = bestValue;
                }
                dst[y * w + x] = n % 2 == 1 ? current : (previous + current) / 2;
            }
        }
    }

    /// <summary>Sorts a window of at most 25 values; for so few, cheaper than the general sort.</summary>
    private static void InsertionSort(Span<float> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            float v = values[i];
            int j = i - 1;
            for (; j >= 0 && values[j] > v; j--) values[j + 1] = values[j];
            values[j + 1] = v;
        }
    }

    private static void Mean3x3(float[] src, float[] dst, int w, int h)
    {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float sum = 0;
                int n = 0;
                for (int yy = Math.Max(0, y - 1); yy <= Math.Min(h - 1, y + 1); yy++)
                    for (int xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++)
                    {
                        sum += src[yy * w + xx];
                        n++;
                    }
                dst[y * w + x] = sum / n;
            }
    }
}
