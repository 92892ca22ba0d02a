using System.Numerics.Tensors;

namespace DigitReader.NeuralNetwork;

/// <summary>
/// Softmax cross-entropy between logits <c>[N, K]</c> and integer class labels, averaged over the batch,
/// with optional label smoothing (Szegedy et al., "Rethinking the Inception architecture", 2016): the
/// target is <c>(1 − ε)</c> on the true class plus <c>ε/K</c> on every class, as PyTorch's
/// <c>CrossEntropyLoss(label_smoothing=ε)</c>.
/// </summary>
public sealed class CrossEntropyLoss(float labelSmoothing = 0f)
{
    private readonly Tensor gradient = new(0);

    /// <summary>ε, the label smoothing (0–1).</summary>
    public float LabelSmoothing { get; } = labelSmoothing;

    /// <summary>∂loss/∂logits of the last <see cref="Forward"/>, <c>[N, K]</c>.</summary>
    public Tensor Gradient => gradient;

    /// <summary>
    /// Computes the mean loss (natural log) and its gradient, and writes the softmax probabilities
    /// into <paramref name="probabilities"/> (<c>[N, K]</c>) when given.
    /// </summary>
    /// <exception cref="ArgumentException">Labels and logits disagree in N, or a label is out of range.</exception>
    public float Forward(Tensor logits, ReadOnlySpan<byte> labels, Span<float> probabilities = default)
    {
        int n = logits.Shape[0], k = logits.Shape[1];
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for {n} rows of logits.");
        gradient.Reshape(logits.Shape);
        var g = gradient.Span;
        double total = 0;
        float off = LabelSmoothing / k, on = 1f - LabelSmoothing + off;
        var shifted = k <= 256 ? stackalloc float[k] : new float[k];
        for (int i = 0; i < n; i++)
        {
            if (labels[i] >= k) throw new ArgumentException($"Label {labels[i]} is not a class 0–{k - 1}.");
            var z = logits.Span.Slice(i * k, k);
            var p = g.Slice(i * k, k);
            TensorPrimitives.SoftMax(z, p);
            float logSumExp = MathF.Log(TensorPrimitives.Sum(ExpShifted(z, shifted, out float max))) + max;
            for (int j = 0; j < k; j++)
            {
                float target = j == labels[i] ? on : off;
                total -= target * (z[j] - logSumExp);
            }
            if (!probabilities.IsEmpty) p.CopyTo(probabilities.Slice(i * k, k));
            for (int j = 0; j < k; j++) p[j] = (p[j] - (j == labels[i] ? on : off)) / n;
        }
        return (float)(total / n);
    }

    private static Span<float> ExpShifted(ReadOnlySpan<float> z, Span<float> buffer, out float max)
    {
        max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, buffer);
        TensorPrimitives.Exp(buffer, buffer);
        return buffer;
    }
}
