using System.Numerics.Tensors;
using DigitReader.NeuralNetwork;

namespace DigitReader.Training;

/// <summary>
/// Stochastic gradient descent with momentum μ and optionally Nesterov's correction (Sutskever et al.,
/// 2013), in PyTorch's formulation: <c>g ← g + λθ; b ← μb + g; θ ← θ − lr·(g + μb)</c> (Nesterov) or
/// <c>θ ← θ − lr·b</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][] velocity;
    private readonly float[] scratch;

    /// <summary>Creates the optimizer.</summary>
    public Sgd(IReadOnlyList<Parameter> parameters, float weightDecay = 0f, float momentum = 0.9f, bool nesterov = true)
        : base(parameters, weightDecay)
    {
        Momentum = momentum;
        Nesterov = nesterov;
        velocity = parameters.Select(p => new float[p.Value.Length]).ToArray();
        scratch = new float[parameters.Count == 0 ? 0 : parameters.Max(p => p.Value.Length)];
    }

    /// <summary>μ.</summary>
    public float Momentum { get; }

    /// <summary>Whether Nesterov's look-ahead is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override IReadOnlyList<float[]> State => velocity;

    /// <inheritdoc />
    public override void Step(float learningRate)
    {
        StepCount++;
        for (int k = 0; k < Parameters.Count; k++)
        {
            var p = Parameters[k];
            var theta = p.Value.AsSpan();
            var g = scratch.AsSpan(0, theta.Length);
            p.Gradient.AsSpan().CopyTo(g);
            if (p.Decay && WeightDecay > 0) TensorPrimitives.MultiplyAdd(theta, WeightDecay, g, g);
            var b = velocity[k].AsSpan();
            if (StepCount == 1) g.CopyTo(b);
            else TensorPrimitives.MultiplyAdd(b, Momentum, g, b);
            if (Nesterov) TensorPrimitives.MultiplyAdd(b, Momentum, g, g);
            else b.CopyTo(g);
            TensorPrimitives.MultiplyAdd(g, -learningRate, theta, theta);
        }
    }
}
