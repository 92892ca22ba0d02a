namespace DigitReader.Training;

/// <summary>
/// Random affine augmentation of square single-channel images (rotation, scale, translation, shear about
/// the image centre, bilinear sampling, zeros outside), in the spirit of torchvision's
/// <c>RandomAffine</c>: handwriting varies in slant, size and position, and the network should not care.
/// Optionally followed by an elastic distortion (Simard, Steinkraus and Platt, "Best practices for
/// convolutional neural networks applied to visual document analysis", ICDAR 2003).
/// </summary>
public sealed class RandomAffine
{
    /// <summary>Maximum rotation either way, degrees.</summary>
    public float Degrees { get; init; } = 12f;

    /// <summary>Maximum translation either way, as a fraction of the side.</summary>
    public float Translate { get; init; } = 0.1f;

    /// <summary>Scale range: a factor drawn uniformly from [1 − ScaleRange, 1 + ScaleRange].</summary>
    public float ScaleRange { get; init; } = 0.12f;

    /// <summary>Maximum horizontal shear either way, degrees.</summary>
    public float ShearDegrees { get; init; } = 10f;

    /// <summary>Elastic distortion strength α in pixels (0 = off); Simard et al. use α = 34, σ = 4 on 28 × 28.</summary>
    public float ElasticAlpha { get; init; }

    /// <summary>Smoothing σ of the elastic displacement field, pixels.</summary>
    public float ElasticSigma { get; init; } = 4f;

    /// <summary>
    /// Writes a random transform of <paramref name="source"/> (<c>side × side</c>, row-major) into
    /// <paramref name="destination"/>, drawing every random number from <paramref name="random"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination, int side, Random random)
    {
        double angle = Uniform(random, Degrees) * Math.PI / 180, shear = Uniform(random, ShearDegrees) * Math.PI / 180;
        double scale = 1 + Uniform(random, ScaleRange);
        double tx = Math.Round(Uniform(random, Translate * side)), ty = Math.Round(Uniform(random, Translate * side));
        // Forward map M = T · R(angle) · Sh(shear) · S(scale) about the centre; we sample with M⁻¹.
        double cos = Math.Cos(angle), sin = Math.Sin(angle), tanShear = Math.Tan(shear);
        double a = scale * cos, b = scale * (cos * tanShear - sin), c = scale * sin, d = scale * (sin * tanShear + cos);
        double det = a * d - b * c;
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        double centre = (side - 1) / 2.0;
        float[]? dx = null, dy = null;
        if (ElasticAlpha > 0) (dx, dy) = ElasticField(side, random);
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            double u = x - centre - tx, v = y - centre - ty;
            double sx = ia * u + ib * v + centre, sy = ic * u + id * v + centre;
            if (dx is not null) { sx += dx[y * side + x]; sy += dy![y * side + x]; }
            destination[y * side + x] = Bilinear(source, side, sx, sy);
        }
    }

    private (float[] Dx, float[] Dy) ElasticField(int side, Random random)
    {
        var dx = new float[side * side];
        var dy = new float[side * side];
        for (int i = 0; i < dx.Length; i++) { dx[i] = random.NextSingle() * 2 - 1; dy[i] = random.NextSingle() * 2 - 1; }
        GaussianBlur(dx, side, ElasticSigma);
        GaussianBlur(dy, side, ElasticSigma);
        for (int i = 0; i < dx.Length; i++) { dx[i] *= ElasticAlpha; dy[i] *= ElasticAlpha; }
        return (dx, dy);
    }

    private static void GaussianBlur(float[] field, int side, float sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) kernel[i + radius] = MathF.Exp(-i * i / (2 * sigma * sigma));
        float total = kernel.Sum();
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= total;
        var tmp = new float[field.Length];
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            float s = 0;
            for (int k = -radius; k <= radius; k++) s += kernel[k + radius] * field[y * side + Math.Clamp(x + k, 0, side - 1)];
            tmp[y * side + x] = s;
        }
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            float s = 0;
            for (int k = -radius; k <= radius; k++) s += kernel[k + radius] * tmp[Math.Clamp(y + k, 0, side - 1) * side + x];
            field[y * side + x] = s;
        }
    }

    private static float Bilinear(ReadOnlySpan<float> image, int side, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        return (1 - fy) * ((1 - fx) * At(image, side, x0, y0) + fx * At(image, side, x0 + 1, y0))
             + fy * ((1 - fx) * At(image, side, x0, y0 + 1) + fx * At(image, side, x0 + 1, y0 + 1));
    }

    private static float At(ReadOnlySpan<float> image, int side, int x, int y) =>
        (uint)x < (uint)side && (uint)y < (uint)side ? image[y * side + x] : 0f;

    private static double Uniform(Random random, double range) => (random.NextDouble() * 2 - 1) * range;
}
