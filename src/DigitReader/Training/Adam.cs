using System.Numerics.Tensors;
using DigitReader.NeuralNetwork;

namespace DigitReader.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015) with bias-corrected first and second moments, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
/// With <c>decoupled</c> it is AdamW (Loshchilov and Hutter, "Decoupled weight decay regularization", 2019):
/// the decay <c>θ ← θ − lr·λ·θ</c> is applied directly; otherwise λ·θ is added to the gradient (L2), as
/// PyTorch's <c>Adam(weight_decay=λ)</c> does.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] m, v;
    private readonly float[] scratch;

    /// <summary>Creates the optimizer.</summary>
    public Adam(IReadOnlyList<Parameter> parameters, float weightDecay = 0f, bool decoupled = true, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        : base(parameters, weightDecay)
    {
        Decoupled = decoupled;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        m = parameters.Select(p => new float[p.Value.Length]).ToArray();
        v = parameters.Select(p => new float[p.Value.Length]).ToArray();
        scratch = new float[parameters.Count == 0 ? 0 : parameters.Max(p => p.Value.Length)];
    }

    /// <summary>True for AdamW's decoupled weight decay.</summary>
    public bool Decoupled { get; }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the root of the second moment.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public override IReadOnlyList<float[]> State => [.. m, .. v];

    /// <inheritdoc />
    public override void Step(float learningRate)
    {
        StepCount++;
        float correction1 = 1f - MathF.Pow(Beta1, StepCount), correction2 = 1f - MathF.Pow(Beta2, StepCount);
        float stepSize = learningRate / correction1, rootCorrection2 = MathF.Sqrt(correction2);
        for (int k = 0; k < Parameters.Count; k++)
        {
            var p = Parameters[k];
            var theta = p.Value.AsSpan();
            var g = p.Gradient.AsSpan();
            var t = scratch.AsSpan(0, theta.Length);
            bool decay = p.Decay && WeightDecay > 0;
            if (decay && Decoupled) TensorPrimitives.Multiply(theta, 1f - learningRate * WeightDecay, theta);
            else if (decay) { TensorPrimitives.MultiplyAdd(theta, WeightDecay, g, t); g = t; }
            var mk = m[k].AsSpan();
            var vk = v[k].AsSpan();
            // m ← β₁m + (1−β₁)g ; v ← β₂v + (1−β₂)g²
            TensorPrimitives.Multiply(mk, Beta1, mk);
            TensorPrimitives.MultiplyAdd(g, 1f - Beta1, mk, mk);
            TensorPrimitives.Multiply(vk, Beta2, vk);
            for (int i = 0; i < g.Length; i++) vk[i] += (1f - Beta2) * g[i] * g[i];
            // θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)
            for (int i = 0; i < theta.Length; i++)
                theta[i] -= stepSize * mk[i] / (MathF.Sqrt(vk[i]) / rootCorrection2 + Epsilon);
        }
    }
}
