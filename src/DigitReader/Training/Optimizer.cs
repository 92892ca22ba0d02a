using DigitReader.NeuralNetwork;

namespace DigitReader.Training;

/// <summary>Updates parameters from their gradients, one step per batch, at the learning rate it is given.</summary>
public abstract class Optimizer(IReadOnlyList<Parameter> parameters, float weightDecay)
{
    /// <summary>The parameters updated, in a fixed order (their state is saved in that order).</summary>
    public IReadOnlyList<Parameter> Parameters { get; } = parameters;

    /// <summary>Weight decay coefficient λ, applied only to parameters with <see cref="Parameter.Decay"/>.</summary>
    public float WeightDecay { get; } = weightDecay;

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; protected set; }

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/>.</summary>
    public abstract void Step(float learningRate);

    /// <summary>The optimizer's per-parameter state (moments, velocities), for checkpoints: one array per state slot and parameter.</summary>
    public abstract IReadOnlyList<float[]> State { get; }

    /// <summary>Restores <see cref="StepCount"/> from a checkpoint.</summary>
    public void RestoreStepCount(long steps) => StepCount = steps;

    /// <summary>Creates the optimizer named <paramref name="name"/>: "adamw", "adam" or "sgd" (Nesterov momentum 0.9).</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static Optimizer Create(string name, IReadOnlyList<Parameter> parameters, float weightDecay) => name.ToLowerInvariant() switch
    {
        "adamw" => new Adam(parameters, weightDecay, decoupled: true),
        "adam" => new Adam(parameters, weightDecay, decoupled: false),
        "sgd" => new Sgd(parameters, weightDecay, momentum: 0.9f, nesterov: true),
        _ => throw new ArgumentException($"Unknown optimizer \"{name}\"; use adamw, adam or sgd."),
    };
}
