namespace DigitReader.Preprocessing;

/// <summary>
/// Thins strokes that are much thicker than MNIST's by grey-level erosion, so a marker or a bold font does
/// not reach the network as a blob with its loops filled in (a 4 or a 9 whose holes vanish reads as an 8).
/// The counterpart of <see cref="StrokeThickener"/>.
/// </summary>
internal static class StrokeThinner
{
    /// <summary>
    /// Grey-level erosion by a (2r+1)-pixel square, same size as the input (outside counts as background),
    /// done as a row pass then a column pass since a square's minimum is separable.
    /// </summary>
    public static float[] Erode(float[] image, int width, int radius)
    {
        int height = image.Length / width;
        var rows = new float[image.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float m = x - radius < 0 || x + radius >= width ? 0f : 1f;
                for (int s = Math.Max(0, x - radius); s <= Math.Min(width - 1, x + radius); s++)
                    m = MathF.Min(m, image[y * width + s]);
                rows[y * width + x] = m;
            }
        var result = new float[image.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float m = y - radius < 0 || y + radius >= height ? 0f : 1f;
                for (int s = Math.Max(0, y - radius); s <= Math.Min(height - 1, y + radius); s++)
                    m = MathF.Min(m, rows[s * width + x]);
                result[y * width + x] = m;
            }
        return result;
    }
}
