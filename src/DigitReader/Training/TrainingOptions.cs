namespace DigitReader.Training;

/// <summary>Everything that determines a training run; with the same options and data, the same model.</summary>
public sealed record TrainingOptions
{
    /// <summary>Architecture name (see <see cref="NeuralNetwork.Architectures"/>).</summary>
    public string Architecture { get; init; } = NeuralNetwork.Architectures.Default;

    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = 16;

    /// <summary>Images per optimisation step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Peak learning rate of the schedule.</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>Optimizer: adamw, adam or sgd.</summary>
    public string Optimizer { get; init; } = "adamw";

    /// <summary>Learning-rate schedule: onecycle or cosine.</summary>
    public string Schedule { get; init; } = "onecycle";

    /// <summary>Weight decay λ (decoupled for AdamW).</summary>
    public float WeightDecay { get; init; } = 0.05f;

    /// <summary>Label smoothing ε (0–1).</summary>
    public float LabelSmoothing { get; init; } = 0.05f;

    /// <summary>Seed of initialisation, shuffling, augmentation and dropout.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Random affine augmentation of training images.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Elastic distortion on top of the affine augmentation (Simard et al., 2003).</summary>
    public bool Elastic { get; init; }

    /// <summary>Random stroke thickening and thinning before the affine transform (<see cref="RandomStrokeWidth"/>); needs <see cref="Augment"/>.</summary>
    public bool StrokeWidth { get; init; } = true;

    /// <summary>
    /// Probability (0–1) that a thickened image is thickened twice as much (<see cref="RandomStrokeWidth.WideProbability"/>);
    /// 0.5 by default, the bundled model's recipe (0 gives the recipe of the model before it).
    /// </summary>
    public float WideStrokes { get; init; } = 0.5f;

    /// <summary>The last this-many training images are held out for validation and model selection.</summary>
    public int ValidationSize { get; init; } = 5000;

    /// <summary>Use only the first this-many training images (0 = all); for quick runs and tests.</summary>
    public int Limit { get; init; }
}
