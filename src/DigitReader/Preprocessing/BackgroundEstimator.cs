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
    private readonly int _gridWidth, _gridHeight, _block;

    private BackgroundEstimator(float[] grid, int gridWidth, int gridHeight, int block)
    {
        _grid = grid;
        _gridWidth = gridWidth;
        _gridHeight = gridHeight;
        _block = block;
    }

    /// <summary>Estimates the background of <paramref name="luma"/> (<paramref name="width"/> × <paramref name="height"/>).</summary>
    public static BackgroundEstimator Estimate(byte[] luma, int width, int height, bool lightInk)
    {
        int block = Math.Max(2, (Math.Max(width, height) + BlocksAlongLongestSide - 1) / BlocksAlongLongestSide);
        int gw = (width + block - 1) / block, gh = (height + block - 1) / block;
        var grid = new float[gw * gh];
        Span<int> hist = stackalloc int[64];
        for (int by = 0; by < gh; by++)
        {
            int y0 = by * block, y1 = Math.Min(height, y0 + block);
            for (int bx = 0; bx < gw; bx++)
            {
                int x0 = bx * block, x1 = Math.Min(width, x0 + block);
                hist.Clear();
                for (int y = y0; y < y1; y++)
                {
                    int row = y * width;
                    for (int x = x0; x < x1; x++)
                    {
                        int v = lightInk ? luma[row + x] : 255 - luma[row + x];
                        hist[v >> 2]++;
                    }
                }
                grid[by * gw + bx] = HistogramPercentile(hist, (y1 - y0) * (x1 - x0), 0.30);
            }
        }
        var tmp = new float[grid.Length];
        Filter(grid, tmp, gw, gh, OpeningRadius, min: true);
        Filter(tmp, grid, gw, gh, OpeningRadius, min: false);
        Mean3x3(grid, tmp, gw, gh);
        return new BackgroundEstimator(tmp, gw, gh, block);
    }

    /// <summary>
    /// Writes the background (ink-bright units, 0–255) of row <paramref name="y"/> into <paramref name="row"/>,
    /// whose length is the image width.
    /// </summary>
    public void FillRow(int y, Span<float> row) => FillRow(y + 0.5f, 0.5f, 1f, row);

    /// <summary>
    /// Writes the background at working coordinates <c>(x0 + i·step, yc)</c> for each <c>i</c> of
    /// <paramref name="row"/>; coordinates are continuous (pixel centres at +0.5).
    /// </summary>
    public void FillRow(float yc, float x0, float step, Span<float> row)
    {
        float gy = yc / _block - 0.5f;
        int iy = (int)MathF.Floor(gy);
        float fy = gy - iy;
        int ya = Math.Clamp(iy, 0, _gridHeight - 1), yb = Math.Clamp(iy + 1, 0, _gridHeight - 1);
        for (int i = 0; i < row.Length; i++)
        {
            float gx = (x0 + i * step) / _block - 0.5f;
            int ix = (int)MathF.Floor(gx);
            float fx = gx - ix;
            int xa = Math.Clamp(ix, 0, _gridWidth - 1), xb = Math.Clamp(ix + 1, 0, _gridWidth - 1);
            float top = _grid[ya * _gridWidth + xa] * (1 - fx) + _grid[ya * _gridWidth + xb] * fx;
            float bottom = _grid[yb * _gridWidth + xa] * (1 - fx) + _grid[yb * _gridWidth + xb] * fx;
            row[i] = top * (1 - fy) + bottom * fy;
        }
    }

    /// <summary>
    /// The ink contrast of a pixel: how far its ink-bright value <paramref name="v"/> rises above the
    /// background <paramref name="background"/>, as a fraction of the headroom left above the background,
    /// scaled to 0–255. Dividing by the headroom flattens shadows (a multiplicative illumination model).
    /// </summary>
    public static float Contrast(float v, float background) => 255f * (v - background) / MathF.Max(255f - background, 40f);

    private static float HistogramPercentile(ReadOnlySpan<int> hist, int total, double fraction)
    {
        double target = total * fraction;
        double seen = 0;
        for (int i = 0; i < hist.Length; i++)
        {
            if (seen + hist[i] >= target && hist[i] > 0)
                return (float)((i + (target - seen) / hist[i]) * 4);
            seen += hist[i];
        }
        return 255;
    }

    private static void Filter(float[] src, float[] dst, int w, int h, int r, bool min)
    {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float best = min ? float.MaxValue : float.MinValue;
                for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
                    for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
                    {
                        float v = src[yy * w + xx];
                        best = min ? MathF.Min(best, v) : MathF.Max(best, v);
                    }
                dst[y * w + x] = best;
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
