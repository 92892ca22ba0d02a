using DigitReader.Imaging;

namespace DigitReader.Web.Imaging;

/// <summary>Turns the pipeline's arrays into small grayscale images for the result page.</summary>
public static class ImageRendering
{
    /// <summary>
    /// Renders one feature map (row-major, square) as a grayscale image, stretched to its own
    /// minimum–maximum so weak channels are still visible; a constant map renders black.
    /// </summary>
    /// <exception cref="ArgumentException">The map is empty or not square.</exception>
    public static GrayImage FeatureMap(ReadOnlySpan<float> map)
    {
        int side = (int)Math.Round(Math.Sqrt(map.Length));
        if (map.Length == 0 || side * side != map.Length)
            throw new ArgumentException($"A feature map of {map.Length} values is not square.", nameof(map));
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in map) { min = Math.Min(min, v); max = Math.Max(max, v); }
        float range = max - min;
        var pixels = new byte[map.Length];
        if (range > 1e-12f && float.IsFinite(range))
            for (int i = 0; i < map.Length; i++)
                pixels[i] = (byte)Math.Clamp((int)MathF.Round((map[i] - min) / range * 255f), 0, 255);
        return new GrayImage(side, side, pixels);
    }

    /// <summary>
    /// Shrinks an image so neither side exceeds <paramref name="maxSide"/> pixels, averaging each
    /// source box (so thin strokes fade rather than vanish); smaller images are returned as they are.
    /// </summary>
    public static GrayImage Thumbnail(GrayImage source, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);
        int longest = Math.Max(source.Width, source.Height);
        if (longest <= maxSide) return source;
        double scale = (double)maxSide / longest;
        int width = Math.Max(1, (int)Math.Round(source.Width * scale));
        int height = Math.Max(1, (int)Math.Round(source.Height * scale));
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            int y0 = y * source.Height / height, y1 = Math.Max(y0 + 1, (y + 1) * source.Height / height);
            for (int x = 0; x < width; x++)
            {
                int x0 = x * source.Width / width, x1 = Math.Max(x0 + 1, (x + 1) * source.Width / width);
                long sum = 0;
                for (int sy = y0; sy < y1; sy++)
                    for (int sx = x0; sx < x1; sx++) sum += source.Pixels[sy * source.Width + sx];
                pixels[y * width + x] = (byte)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return new GrayImage(width, height, pixels);
    }
}
