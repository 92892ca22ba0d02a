namespace DigitReader.Training;

/// <summary>A progress report after a batch (<see cref="EpochEnd"/> false) or at the end of an epoch.</summary>
public sealed record TrainingProgress
{
    /// <summary>Epoch, 1-based.</summary>
    public required int Epoch { get; init; }

    /// <summary>Batch within the epoch, 1-based.</summary>
    public required int Batch { get; init; }

    /// <summary>Batches per epoch.</summary>
    public required int BatchesPerEpoch { get; init; }

    /// <summary>Mean training loss of the epoch so far.</summary>
    public required float Loss { get; init; }

    /// <summary>Training accuracy of the epoch so far (0–1), on augmented images.</summary>
    public required float Accuracy { get; init; }

    /// <summary>Training throughput over the epoch so far, images per second.</summary>
    public required double ImagesPerSecond { get; init; }

    /// <summary>Current learning rate.</summary>
    public required float LearningRate { get; init; }

    /// <summary>True for the end-of-epoch report, which carries validation figures.</summary>
    public bool EpochEnd { get; init; }

    /// <summary>Validation accuracy (0–1), at epoch end.</summary>
    public float ValidationAccuracy { get; init; }

    /// <summary>Validation loss, at epoch end.</summary>
    public float ValidationLoss { get; init; }

    /// <summary>Whether this epoch's model is the best so far on validation (and was saved).</summary>
    public bool Improved { get; init; }
}
