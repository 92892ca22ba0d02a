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
    public static double StrokeWidth(float[] image, int width)
    {
        int height = image.Length / width;
        long area = 0, boundary = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (image[y * width + x] < 0.5f) continue;
                area++;
                if (x == 0 || x == width - 1 || y == 0 || y == height - 1
                    || image[y * width + x - 1] < 0.5f || image[y * width + x + 1] < 0.5f
                    || image[(y - 1) * width + x] < 0.5f || image[(y + 1) * width + x] < 0.5f)
                    boundary++;
            }
        return boundary == 0 ? 0 : 2.0 * area / boundary;
    }

    /// <summary>
    /// Grey-level dilation by a (2r+1)-pixel square; the image is first padded by <paramref name="radius"/>
    /// on each side, so the result is <c>(width + 2r) × (height + 2r)</c>.
    /// </summary>
    public static (float[] Image, int Width) Dilate(float[] image, int width, int radius)
    {
        int height = image.Length / width;
        int ow = width + 2 * radius, oh = height + 2 * radius;
        var rows = new float[height * ow];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < ow; x++)
            {
                float m = 0;
                for (int s = Math.Max(0, x - 2 * radius); s <= Math.Min(width - 1, x); s++)
                    m = MathF.Max(m, image[y * width + s]);
                rows[y * ow + x] = m;
            }
        var result = new float[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                float m = 0;
                for (int s = Math.Max(0, y - 2 * radius); s <= Math.Min(height - 1, y); s++)
                    m = MathF.Max(m, rows[s * ow + x]);
                result[y * ow + x] = m;
            }
        return (result, ow);
    }
}
