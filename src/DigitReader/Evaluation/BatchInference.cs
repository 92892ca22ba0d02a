using DigitReader.Data;

namespace DigitReader.Evaluation;

/// <summary>
/// A batch classifier: normalised inputs <c>[N, 784]</c> row-major (28 × 28, 0–1, ink bright) in,
/// softmax probabilities <c>[N, 10]</c> row-major out — the shape of <c>DigitRecognizer.PredictBatch</c>.
/// </summary>
public delegate float[] BatchClassifier(ReadOnlySpan<float> inputs);

/// <summary>Runs a classifier over a whole IDX image set in fixed-size batches.</summary>
public static class BatchInference
{
    /// <summary>Images per call of the classifier: large enough to amortise the call, small enough for little memory.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>
    /// Classifies every image of <paramref name="images"/> (bytes 0–255 scaled to 0–1; MNIST is already
    /// ink bright on black) and returns the probabilities <c>[N, <paramref name="classCount"/>]</c> row-major.
    /// </summary>
    /// <param name="images">The images; each must be 28 × 28.</param>
    /// <param name="classify">The classifier, called once per batch.</param>
    /// <param name="batchSize">Images per call.</param>
    /// <param name="classCount">Probabilities per image the classifier returns.</param>
    /// <param name="progress">Told the number of images done after each batch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">The images are not 28 × 28, or the classifier returns the wrong number of values.</exception>
    public static float[] Classify(IdxImages images, BatchClassifier classify, int batchSize = DefaultBatchSize, int classCount = 10,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (images.Rows != 28 || images.Columns != 28)
            throw new ArgumentException($"The model takes 28 × 28 images; these are {images.Rows} × {images.Columns}.", nameof(images));
        int size = images.ImageSize;
        var result = new float[images.Count * classCount];
        var inputs = new float[Math.Min(batchSize, Math.Max(images.Count, 1)) * size];
        for (int start = 0; start < images.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, images.Count - start);
            var pixels = images.Pixels.AsSpan(start * size, n * size);
            for (int i = 0; i < pixels.Length; i++) inputs[i] = pixels[i] / 255f;
            var output = classify(inputs.AsSpan(0, n * size));
            if (output.Length != n * classCount)
                throw new ArgumentException($"The classifier returned {output.Length} values for a batch of {n}; expected {n * classCount}.", nameof(classify));
            output.CopyTo(result, start * classCount);
            progress?.Report(start + n);
        }
        return result;
    }
}
