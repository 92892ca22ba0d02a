namespace DigitReader.Training;

/// <summary>
/// Random stroke-width augmentation of square single-channel images with ink bright on black (MNIST
/// polarity, values 0–1): grayscale dilation (3 × 3 maximum) thickens every stroke by about a pixel on each
/// side, grayscale erosion (3 × 3 minimum) thins it, and blending the result with the original by a random
/// fraction gives every width in between.
/// </summary>
/// <remarks>
/// Why: MNIST's writers used similar pens, so its strokes are 2–3 pixels wide after normalisation, while
/// real uploads range from a fine pen to a felt marker; and after the normaliser scales a digit into its
/// 20-pixel box the stroke width no longer matches MNIST. A network that has seen thick and thin versions
/// of every training digit does not mistake a thick 7 for a 1-stroke blob or a thin 8 for a 3.
/// </remarks>
public sealed class RandomStrokeWidth
{
    /// <summary>Probability (0–1) that an image is thickened.</summary>
    public float ThickenProbability { get; init; } = 0.3f;

    /// <summary>Probability (0–1) that an image is thinned (drawn only when it is not thickened).</summary>
    public float ThinProbability { get; init; } = 0.2f;

    /// <summary>
    /// Probability (0–1) that a thickened image is dilated twice (a 5 × 5 maximum, about two pixels on each side)
    /// instead of once, for strokes as broad as a felt marker's. At 0 (the default) no extra random number is
    /// drawn, so runs without it repeat bit for bit.
    /// </summary>
    public float WideProbability { get; init; }

    /// <summary>Largest fraction (0–1) of the eroded image blended in when thinning; a full erosion erases 1-pixel strokes.</summary>
    public float MaxThinning { get; init; } = 0.7f;

    /// <summary>
    /// Thickens, thins or leaves <paramref name="image"/> (<c>side × side</c>, row-major, 0–1) in place,
    /// drawing every random number from <paramref name="random"/>; <paramref name="scratch"/> is overwritten.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than <c>side × side</c>.</exception>
    public void Apply(Span<float> image, Span<float> scratch, int side, Random random)
    {
        int size = side * side;
        if (image.Length < size || scratch.Length < size) throw new ArgumentException($"Both spans need {size} values.");
        double draw = random.NextDouble();
        float amount = random.NextSingle();
        bool thicken = draw < ThickenProbability;
        if (!thicken && draw >= ThickenProbability + ThinProbability) return;
        if (!thicken) amount *= MaxThinning;
        int radius = thicken && WideProbability > 0 && random.NextSingle() < WideProbability ? 2 : 1;
        Morphology(image, scratch, side, thicken, radius);
        for (int i = 0; i < size; i++) image[i] += amount * (scratch[i] - image[i]);
    }

    /// <summary>
    /// Grayscale dilation (maximum) or erosion (minimum) over the <c>(2·radius + 1)</c>-pixel square around each
    /// pixel; outside the image counts as background (0). A 5 × 5 maximum is two 3 × 3 ones in a row.
    /// </summary>
    private static void Morphology(ReadOnlySpan<float> image, Span<float> result, int side, bool dilate, int radius)
    {
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            float value = image[y * side + x];
            for (int dy = -radius; dy <= radius; dy++)
            for (int dx = -radius; dx <= radius; dx++)
            {
                int yy = y + dy, xx = x + dx;
                float neighbour = (uint)yy < (uint)side && (uint)xx < (uint)side ? image[yy * side + xx] : 0f;
                value = dilate ? Math.Max(value, neighbour) : Math.Min(value, neighbour);
            }
            result[y * side + x] = value;
        }
    }
}
