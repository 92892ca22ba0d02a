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
    public static GrayImage BlockReduce(GrayImage source, PixelRect region, int factor)
    {
        int dw = (region.Width + factor - 1) / factor, dh = (region.Height + factor - 1) / factor;
        var dst = new byte[dw * dh];
        var sums = new int[dw];
        var src = source.Pixels;
        for (int by = 0; by < dh; by++)
        {
            Array.Clear(sums);
            int y0 = region.Y + by * factor, y1 = Math.Min(region.Y + region.Height, y0 + factor);
            for (int y = y0; y < y1; y++)
            {
                int row = y * source.Width + region.X;
                for (int bx = 0, x = 0; bx < dw; bx++)
                {
                    int end = Math.Min(region.Width, x + factor), s = 0;
                    for (; x < end; x++) s += src[row + x];
                    sums[bx] += s;
                }
            }
            int rows = y1 - y0;
            for (int bx = 0; bx < dw; bx++)
            {
                int cols = Math.Min(factor, region.Width - bx * factor), n = rows * cols;
                dst[by * dw + bx] = (byte)((sums[bx] + n / 2) / n);
            }
        }
        return new GrayImage(dw, dh, dst);
    }

    /// <summary>
    /// Maps <paramref name="src"/> (<paramref name="sw"/> × <paramref name="sh"/>) into <paramref name="dst"/>
    /// (<paramref name="dw"/> × <paramref name="dh"/>) so that source coordinate <c>u</c> lands at
    /// <c>offset + u · scale</c> on each axis (continuous coordinates, pixel edges at integers). Outside
    /// the source counts as 0 (background). Area filter when <paramref name="scale"/> ≤ 1, bilinear above.
    /// </summary>
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
