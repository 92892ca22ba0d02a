using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace DigitReader.Preprocessing;

/// <summary>
/// Measures the stroke width of a digit and thickens thin strokes by grey-level dilation, so a fine pen
/// on a large photo still reaches the 2–3 pixel strokes of MNIST at the 20-pixel digit scale.
/// </summary>
internal static class StrokeThickener
{
    /// <summary>
    /// Mean stroke width, pixels, of the ink (values ≥ 0.5) of <paramref name="image"/>: twice the area
    /// over the boundary length, since a stroke of width w and length l has area w·l and two edges of length l.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double StrokeWidth(float[] image, int width)
    {
        int height = image.Length / width;
        long area = 0, boundary = 0;
        for (int y = 0; y < height; y++)
        {
            var row = image.AsSpan(y * width, width);
            bool edgeRow = y == 0 || y == height - 1;
            var up = edgeRow ? row : image.AsSpan((y - 1) * width, width);
            var down = edgeRow ? row : image.AsSpan((y + 1) * width, width);
            for (int x = 0; x < row.Length; x++)
            {
                if (row[x] < 0.5f) continue;
                area++;
                if (edgeRow || x == 0 || x == width - 1
                    || row[x - 1] < 0.5f || row[x + 1] < 0.5f || up[x] < 0.5f || down[x] < 0.5f)
                    boundary++;
            }
        }
        return boundary == 0 ? 0 : 2.0 * area / boundary;
    }

    /// <summary>
    /// Grey-level dilation by a (2r+1)-pixel square; the image is first padded by <paramref name="radius"/>
    /// on each side, so the result is <c>(width + 2r) × (height + 2r)</c>. Values must be non-negative
    /// (the padding is 0). Separable: the maximum over a row window, then over a column window, each a
    /// <see cref="SlidingMaximum"/> over rows padded with 2r zeros at both ends (zeros never win a maximum of
    /// non-negative values, so they only stand in for "outside").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float[] Image, int Width) Dilate(float[] image, int width, int radius)
    {
        int height = image.Length / width;
        int window = 2 * radius + 1;
        int ow = width + 2 * radius, oh = height + 2 * radius;
        // Rows of the horizontal pass, with 2r zero rows above and below for the vertical pass.
        int length = (height + 4 * radius) * ow;
        var rows = Scratch.Rent<float>(length, clear: true);
        var scratchA = Scratch.Rent<float>(length, clear: false);
        var scratchB = Scratch.Rent<float>(length, clear: false);
        try
        {
            var padded = new float[width + 4 * radius];
            for (int y = 0; y < height; y++)
            {
                image.AsSpan(y * width, width).CopyTo(padded.AsSpan(2 * radius));
                SlidingMaximum.Compute(padded, padded.Length, 1, window, rows.AsSpan((y + 2 * radius) * ow, ow), scratchA, scratchB);
            }
            var result = new float[ow * oh];
            SlidingMaximum.Compute(rows, height + 4 * radius, ow, window, result, scratchA, scratchB);
            return (result, ow);
        }
        finally
        {
            Scratch.Return(rows);
            Scratch.Return(scratchA);
            Scratch.Return(scratchB);
        }
    }
}
