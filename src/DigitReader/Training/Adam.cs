using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
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
            Update(theta, g, mk, vk, 1f - Beta2, stepSize, rootCorrection2, Epsilon);
        }
    }

    /// <summary>
    /// v ← v + (1−β₂)·g² and θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε), eight lanes at a time; each lane does
    /// the scalar loop's operations in its order (no fused multiply–add), so the result is the same.
    /// </summary>
    private static void Update(Span<float> theta, ReadOnlySpan<float> g, ReadOnlySpan<float> m, Span<float> v,
        float oneMinusBeta2, float stepSize, float rootCorrection2, float epsilon)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b = Vector256.Create(oneMinusBeta2);
            var s = Vector256.Create(stepSize);
            var r = Vector256.Create(rootCorrection2);
            var e = Vector256.Create(epsilon);
            for (; i <= theta.Length - 8; i += 8)
            {
                var gi = Vector256.Create(g.Slice(i, 8));
                var vi = Vector256.Create(v.Slice(i, 8)) + b * gi * gi;
                vi.CopyTo(v.Slice(i, 8));
                var ti = Vector256.Create(theta.Slice(i, 8)) - s * Vector256.Create(m.Slice(i, 8)) / (Vector256.Sqrt(vi) / r + e);
                ti.CopyTo(theta.Slice(i, 8));
            }
        }
        for (; i < theta.Length; i++)
        {
            v[i] += oneMinusBeta2 * g[i] * g[i];
            theta[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / rootCorrection2 + epsilon);
        }
    }
}
