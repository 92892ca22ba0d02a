namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// Inverted dropout (Srivastava et al., 2014): in training each element is zeroed with probability
/// <see cref="P"/> and the survivors scaled by 1/(1 − p), so evaluation is the identity. Any shape.
/// The mask comes from a seeded generator: the same seed gives the same masks.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Tensor output = new(0), inputGradient = new(0);
    private float[] mask = [];
    private Random random;
    private bool active;

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1).</exception>
    public Dropout(float p, int seed = 0)
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        P = p;
        random = new Random(seed);
    }

    /// <summary>Probability of zeroing an element (0–1).</summary>
    public float P { get; }

    /// <summary>Restarts the mask sequence from <paramref name="seed"/>.</summary>
    public void Reseed(int seed) => random = new Random(seed);

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "Dropout", P = P };

    /// <inheritdoc />
    public override int[] OutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        active = training && P > 0;
        if (!active) return input;
        output.Reshape(input.Shape);
        if (mask.Length < input.Length) mask = new float[input.Length];
        float keep = 1f / (1f - P);
        var m = mask.AsSpan(0, input.Length);
        for (int i = 0; i < m.Length; i++) m[i] = random.NextSingle() < P ? 0f : keep;
        System.Numerics.Tensors.TensorPrimitives.Multiply(input.Span, m, output.Span);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        if (!active) return outputGradient;
        inputGradient.Reshape(outputGradient.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.Span, mask.AsSpan(0, outputGradient.Length), inputGradient.Span);
        return inputGradient;
    }
}
