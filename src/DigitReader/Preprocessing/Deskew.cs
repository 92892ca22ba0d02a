namespace DigitReader.Preprocessing;

/// <summary>
/// Straightens a slanted digit with a horizontal shear computed from its second-order central image
/// moments (M.-K. Hu, "Visual pattern recognition by moment invariants", IRE Trans. Inf. Theory 8(2),
/// 1962): the slant is <c>μ11 / μ02</c>, and each row is shifted by <c>−slant · (y − ȳ)</c>.
/// </summary>
internal static class Deskew
{
    /// <summary>
    /// Shears <paramref name="image"/> (<paramref name="width"/> wide, ink bright) upright; returns the new
    /// image and its width (the height is unchanged). Slants beyond ±1 are clamped.
    /// </summary>
    public static (float[] Image, int Width) Apply(float[] image, int width)
    {
        int height = image.Length / width;
        var (cx, cy) = CentreOfMass.Compute(image, width);
        double mu11 = 0, mu02 = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double v = image[y * width + x];
                mu11 += v * (x - cx) * (y - cy);
                mu02 += v * (y - cy) * (y - cy);
            }
        if (mu02 <= 0) return (image, width);
        double slant = Math.Clamp(mu11 / mu02, -1, 1);
        int extra = (int)Math.Ceiling(Math.Abs(slant) * height / 2) + 1;
        int outWidth = width + 2 * extra;
        var result = new float[outWidth * height];
        for (int y = 0; y < height; y++)
        {
            double shift = -slant * (y - cy);
            for (int x = 0; x < outWidth; x++)
            {
                // Output column x shows source column x − extra − shift.
                double u = x - extra - shift;
                int u0 = (int)Math.Floor(u);
                double f = u - u0;
                double a = u0 >= 0 && u0 < width ? image[y * width + u0] : 0;
                double b = u0 + 1 >= 0 && u0 + 1 < width ? image[y * width + u0 + 1] : 0;
                result[y * outWidth + x] = (float)(a * (1 - f) + b * f);
            }
        }
        return (result, outWidth);
    }
}
