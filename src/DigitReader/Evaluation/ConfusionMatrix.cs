namespace DigitReader.Evaluation;

/// <summary>
/// A K × K confusion matrix: entry [actual, predicted] counts the items of true class <c>actual</c>
/// that were classified as <c>predicted</c>. Rows are true classes and columns predicted classes, the
/// convention of scikit-learn's <c>confusion_matrix</c>; the diagonal holds the correct answers.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] counts;

    private ConfusionMatrix(int classCount)
    {
        ClassCount = classCount;
        counts = new int[classCount * classCount];
    }

    /// <summary>K, the number of classes (10 for digits).</summary>
    public int ClassCount { get; }

    /// <summary>The number of items of true class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => counts[actual * ClassCount + predicted];

    /// <summary>All items counted.</summary>
    public int Total => counts.Sum();

    /// <summary>Items on the diagonal: classified correctly.</summary>
    public int Correct
    {
        get
        {
            int sum = 0;
            for (int c = 0; c < ClassCount; c++) sum += this[c, c];
            return sum;
        }
    }

    /// <summary>Support of a class: how many items truly belong to it (its row sum).</summary>
    public int Support(int digit)
    {
        int sum = 0;
        for (int p = 0; p < ClassCount; p++) sum += this[digit, p];
        return sum;
    }

    /// <summary>How many items were predicted as the class (its column sum).</summary>
    public int PredictedCount(int digit)
    {
        int sum = 0;
        for (int a = 0; a < ClassCount; a++) sum += this[a, digit];
        return sum;
    }

    /// <summary>The matrix as rows (true classes) of columns (predicted classes), a copy.</summary>
    public int[][] ToRows() =>
        Enumerable.Range(0, ClassCount).Select(a => counts.AsSpan(a * ClassCount, ClassCount).ToArray()).ToArray();

    /// <summary>Counts predicted against true classes.</summary>
    /// <param name="predicted">Predicted class per item, each below <paramref name="classCount"/>.</param>
    /// <param name="actual">True class per item, as many as <paramref name="predicted"/>.</param>
    /// <param name="classCount">K.</param>
    /// <exception cref="ArgumentException">The lengths differ or a class is out of range.</exception>
    public static ConfusionMatrix FromPredictions(ReadOnlySpan<int> predicted, ReadOnlySpan<byte> actual, int classCount = 10)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions but {actual.Length} labels.", nameof(predicted));
        var matrix = new ConfusionMatrix(classCount);
        for (int i = 0; i < predicted.Length; i++)
        {
            if ((uint)predicted[i] >= classCount || actual[i] >= classCount)
                throw new ArgumentException($"Item {i}: class {actual[i]} predicted as {predicted[i]}; both must be below {classCount}.");
            matrix.counts[actual[i] * classCount + predicted[i]]++;
        }
        return matrix;
    }

    /// <summary>Counts the most probable class of each row (lowest index on a tie) against the labels.</summary>
    /// <param name="probabilities">[N, K] row-major, each 0–1.</param>
    /// <param name="labels">[N], each below K.</param>
    /// <param name="classCount">K.</param>
    /// <exception cref="ArgumentException">The shapes disagree or a value is out of range.</exception>
    public static ConfusionMatrix FromProbabilities(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int classCount = 10)
    {
        int n = ProbabilityRows.Validate(probabilities, labels, classCount);
        var predicted = new int[n];
        for (int i = 0; i < n; i++) predicted[i] = ProbabilityRows.ArgMax(probabilities.Slice(i * classCount, classCount));
        return FromPredictions(predicted, labels, classCount);
    }
}
