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
    /// <summary>The smallest and largest value of each grid row, two per row.</summary>
    private readonly float[] _rowRanges;

    private BackgroundEstimator(float[] grid, int gridWidth, int gridHeight, int block, int width, ColumnBlends blends)
    {
        _grid = grid;
        _gridWidth = gridWidth;
        _gridHeight = gridHeight;
        _block = block;
        _width = width;
        // A vector's worth of room at the end: interpolation writes whole vectors (see ColumnBlends). Every
        // value is written before it is read, so the array need not be cleared first.
        _columns = GC.AllocateUninitializedArray<float>(gridHeight * width + Vector256<float>.Count);
        for (int gy = 0; gy < gridHeight; gy++) blends.Interpolate(grid.AsSpan(gy * gridWidth, gridWidth), _columns.AsSpan(gy * width));
        _rowRanges = new float[2 * gridHeight];
        for (int gy = 0; gy < gridHeight; gy++)
        {
            var g = grid.AsSpan(gy * gridWidth, gridWidth);
            float least = g[0], most = g[0];
            foreach (float v in g) (least, most) = (Math.Min(least, v), Math.Max(most, v));
            (_rowRanges[2 * gy], _rowRanges[2 * gy + 1]) = (least, most);
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
        // The three block percentiles the estimate needs, from one histogram of each block.
        var medians = new float[blocks];
        var low = new float[blocks];
        var high = new float[blocks];
        BlockPercentiles.Measure(luma, width, height, block, gw, gh, low, medians, high);
        var neutral = new float[blocks];
        BlockGridFilters.Median5x5(medians, neutral, gw, gh);
        var blends = new ColumnBlends(width, block, gw);
        lightInk = PolarityDetector.IsLightInkOnDark(luma, width, height, new BackgroundEstimator(neutral, gw, gh, block, width, blends));
        // Background in ink-bright units: the 30th percentile of v = luma (light ink) or 255 − luma.
        var grid = new float[blocks];
        for (int b = 0; b < blocks; b++) grid[b] = lightInk ? low[b] : 255 - high[b];
        // Opening (minimum then maximum) on a grid extended by linear extrapolation, so a ramp towards the
        // border (a vignette) is not flattened at the edges.
        int r = OpeningRadius, pw = gw + 2 * r, ph = gh + 2 * r;
        var padded = BlockGridFilters.Extrapolate(grid, gw, gh, r);
        var tmp = new float[padded.Length];
        var across = new float[padded.Length];
        BlockGridFilters.Extreme(padded, tmp, across, pw, ph, r, minimum: true);
        BlockGridFilters.Extreme(tmp, padded, across, pw, ph, r, minimum: false);
        for (int y = 0; y < gh; y++) padded.AsSpan((y + r) * pw + r, gw).CopyTo(grid.AsSpan(y * gw, gw));
        var smooth = new float[blocks];
        BlockGridFilters.Mean3x3(grid, smooth, gw, gh);
        return new BackgroundEstimator(smooth, gw, gh, block, width, blends);
    }

    /// <summary>
    /// Writes the background (ink-bright units, 0–255; luma for the neutral estimate) of row <paramref name="y"/> into <paramref name="row"/>,
    /// whose length is the image width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillRow(int y, Span<float> row)
    {
        if (row.Length != _width) throw new ArgumentException($"A row is {_width} pixels wide, got {row.Length}.", nameof(row));
        RowSources(y, out var top, out var bottom, out float fy);
        Blend(top, bottom, fy, row);
    }

    /// <summary>
    /// The two horizontally interpolated grid rows (each the image width) that row <paramref name="y"/>'s
    /// background blends, and the weight of the second: <see cref="FillRow(int, Span{float})"/> writes
    /// <c>top·(1 − fy) + bottom·fy</c>, and a caller that evaluates the same expression (two multiplies, then
    /// the add) gets the same values without storing the row.
    /// </summary>
    internal void RowSources(int y, out ReadOnlySpan<float> top, out ReadOnlySpan<float> bottom, out float fy)
    {
        (int ya, int yb, fy) = RowBlend(y + 0.5f);
        top = _columns.AsSpan(ya * _width, _width);
        bottom = _columns.AsSpan(yb * _width, _width);
    }

    /// <summary>
    /// Bounds on row <paramref name="y"/>'s background rounded to whole levels (<c>(int)(background + 0.5)</c>).
    /// </summary>
    /// <remarks>
    /// The background is a blend of the values of the two grid rows it lies between, with weights in 0–1 that
    /// add up to one, so it lies between their smallest and largest value but for rounding: grid values lie in
    /// 0–256, and six roundings of at most 2⁻²⁴ of the value move it by less than 0.0001. Widened by 0.001 and
    /// rounded the same way (each step is monotonic), the bounds hold for every pixel of the row.
    /// </remarks>
    internal (int Low, int High) RoundedRowRange(int y)
    {
        var (ya, yb, _) = RowBlend(y + 0.5f);
        float low = Math.Min(_rowRanges[2 * ya], _rowRanges[2 * yb]), high = Math.Max(_rowRanges[2 * ya + 1], _rowRanges[2 * yb + 1]);
        return ((int)(low - 0.001f + 0.5f), (int)(high + 0.001f + 0.5f));
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
    private (int Xa, int Xb, float Fx) ColumnBlend(float xc) => ColumnBlend(xc, _block, _gridWidth);

    private static (int Xa, int Xb, float Fx) ColumnBlend(float xc, int block, int gridWidth)
    {
        float gx = xc / block - 0.5f;
        int ix = (int)MathF.Floor(gx);
        return (Math.Clamp(ix, 0, gridWidth - 1), Math.Clamp(ix + 1, 0, gridWidth - 1), gx - ix);
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
    /// Where each pixel centre of a row falls between grid columns. It depends on neither the row nor the
    /// grid's values, so both estimates of an image share it. Pixels between the same two columns form runs,
    /// and a run is interpolated with the two column values broadcast across a vector, as the per-pixel
    /// formula <c>left·(1 − weight) + right·weight</c> (the same multiplies and add, so the same values).
    /// </summary>
    private sealed class ColumnBlends
    {
        private readonly int _width;
        private readonly float[] _weight, _complement; // the right column's weight and 1 − it, per pixel; a vector longer than the row
        private readonly int[] _runStart, _runLeft, _runRight; // each run's first pixel and its two columns; one more start, the width

        public ColumnBlends(int width, int block, int gridWidth)
        {
            _width = width;
            _weight = new float[width + Vector256<float>.Count];
            _complement = new float[width + Vector256<float>.Count];
            // Runs are (0, 0), (0, 1), (1, 2), …, (gw − 1, gw − 1) at most.
            var (starts, left, right) = (new int[gridWidth + 2], new int[gridWidth + 1], new int[gridWidth + 1]);
            int runs = 0;
            for (int i = 0; i < width; i++)
            {
                var (xa, xb, fx) = ColumnBlend(0.5f + i, block, gridWidth);
                _weight[i] = fx;
                _complement[i] = 1 - fx;
                if (runs > 0 && xa == left[runs - 1] && xb == right[runs - 1]) continue;
                (starts[runs], left[runs], right[runs]) = (i, xa, xb);
                runs++;
            }
            starts[runs] = width;
            (_runStart, _runLeft, _runRight) = (starts.AsSpan(0, runs + 1).ToArray(), left.AsSpan(0, runs).ToArray(), right.AsSpan(0, runs).ToArray());
        }

        /// <summary>
        /// Interpolates <paramref name="gridRow"/> at every pixel centre into <paramref name="row"/>, which must
        /// be a vector longer than the image row: whole vectors are written, each run's last one spilling into
        /// the next run (rewritten after it) or past the row's end.
        /// </summary>
        public void Interpolate(ReadOnlySpan<float> gridRow, Span<float> row)
        {
            if (row.Length < _width + Vector256<float>.Count) throw new ArgumentException($"Interpolation needs {_width + Vector256<float>.Count} values of room, got {row.Length}.", nameof(row));
            if (!Vector256.IsHardwareAccelerated)
            {
                for (int run = 0; run < _runLeft.Length; run++)
                    for (int i = _runStart[run]; i < _runStart[run + 1]; i++)
                        row[i] = gridRow[_runLeft[run]] * _complement[i] + gridRow[_runRight[run]] * _weight[i];
                return;
            }
            ref float w = ref MemoryMarshal.GetArrayDataReference(_weight), c = ref MemoryMarshal.GetArrayDataReference(_complement);
            ref float o = ref MemoryMarshal.GetReference(row);
            for (int run = 0; run < _runLeft.Length; run++)
            {
                var left = Vector256.Create(gridRow[_runLeft[run]]);
                var right = Vector256.Create(gridRow[_runRight[run]]);
                for (int i = _runStart[run]; i < _runStart[run + 1]; i += Vector256<float>.Count)
                {
                    var value = left * Vector256.LoadUnsafe(ref c, (nuint)i) + right * Vector256.LoadUnsafe(ref w, (nuint)i);
                    value.StoreUnsafe(ref o, (nuint)i);
                }
            }
        }
    }
}
