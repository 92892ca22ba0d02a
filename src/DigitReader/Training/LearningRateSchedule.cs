namespace DigitReader.Training;

/// <summary>The learning rate as a function of the optimisation step.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for step <paramref name="step"/> (0-based) of <see cref="TotalSteps"/>.</summary>
    public abstract float At(long step);

    /// <summary>Steps in the whole run.</summary>
    public required long TotalSteps { get; init; }

    /// <summary>The peak learning rate.</summary>
    public required float MaxLearningRate { get; init; }

    /// <summary>Creates "onecycle" or "cosine" (cosine decay after linear warm-up over 5% of steps).</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static LearningRateSchedule Create(string name, float maxLearningRate, long totalSteps) => name.ToLowerInvariant() switch
    {
        "onecycle" => new OneCycleSchedule { MaxLearningRate = maxLearningRate, TotalSteps = totalSteps },
        "cosine" => new CosineWarmupSchedule { MaxLearningRate = maxLearningRate, TotalSteps = totalSteps },
        _ => throw new ArgumentException($"Unknown schedule \"{name}\"; use onecycle or cosine."),
    };

    /// <summary>Cosine interpolation from <paramref name="from"/> to <paramref name="to"/> as <paramref name="t"/> goes 0 → 1.</summary>
    protected static float Cosine(float from, float to, double t) => (float)(to + (from - to) * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1))) / 2);
}

/// <summary>
/// The one-cycle policy (Smith and Topin, "Super-convergence", 2018) as PyTorch's <c>OneCycleLR</c> with
/// cosine annealing: from max/25 up to max over the first 30% of steps, then down to max/(25·10⁴).
/// </summary>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    /// <summary>Fraction of steps spent rising (0–1).</summary>
    public double WarmupFraction { get; init; } = 0.3;

    /// <inheritdoc />
    public override float At(long step)
    {
        float initial = MaxLearningRate / 25f, final = initial / 1e4f;
        double up = WarmupFraction * TotalSteps - 1;
        return step <= up
            ? Cosine(initial, MaxLearningRate, step / Math.Max(up, 1))
            : Cosine(MaxLearningRate, final, (step - up) / Math.Max(TotalSteps - 1 - up, 1));
    }
}

/// <summary>Linear warm-up from 0 over <see cref="WarmupFraction"/> of the steps, then cosine decay to 0 (Loshchilov and Hutter, SGDR, 2017).</summary>
public sealed class CosineWarmupSchedule : LearningRateSchedule
{
    /// <summary>Fraction of steps spent warming up (0–1).</summary>
    public double WarmupFraction { get; init; } = 0.05;

    /// <inheritdoc />
    public override float At(long step)
    {
        double warm = Math.Max(1, WarmupFraction * TotalSteps);
        return step < warm
            ? (float)(MaxLearningRate * (step + 1) / warm)
            : Cosine(MaxLearningRate, 0f, (step - warm) / Math.Max(TotalSteps - warm, 1));
    }
}
