namespace DigitReader.Evaluation;

/// <summary>Precision, recall and F1 of one class (one-vs-rest), each 0–1, and its support.</summary>
/// <param name="Digit">The class.</param>
/// <param name="Precision">TP / (TP + FP): of the items predicted as this class, the fraction that are. 0 when nothing was predicted as it.</param>
/// <param name="Recall">TP / (TP + FN): of the items of this class, the fraction found. 0 when the class has no items.</param>
/// <param name="F1">Harmonic mean of precision and recall, 2PR / (P + R); 0 when both are 0.</param>
/// <param name="Support">Number of items whose true class this is.</param>
public sealed record ClassMetrics(int Digit, double Precision, double Recall, double F1, int Support);

/// <summary>Unweighted means over the classes that occur, as true or predicted class (macro averages), each 0–1.</summary>
/// <param name="Precision">Mean of the per-class precisions.</param>
/// <param name="Recall">Mean of the per-class recalls.</param>
/// <param name="F1">Mean of the per-class F1 scores (not the F1 of the two means).</param>
public sealed record MacroAverage(double Precision, double Recall, double F1);

/// <summary>
/// Accuracy, mean cross-entropy loss and per-class precision, recall and F1, with the definitions and
/// zero-division conventions of scikit-learn's <c>accuracy_score</c>, <c>log_loss</c> and
/// <c>precision_recall_fscore_support</c> (<c>zero_division=0</c>; the macro average runs over the
/// classes present in the true or predicted labels, scikit-learn's default, so that a folder of test
/// images without any 8 is not marked down for the 8s it does not have).
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>The probability given to the true class is clamped to at least this before the logarithm, so one confident mistake costs at most −ln(1e-7) ≈ 16.1.</summary>
    public const double ProbabilityFloor = 1e-7;

    /// <summary>Fraction of items on the diagonal, 0–1.</summary>
    /// <exception cref="ArgumentException">The matrix counts no items.</exception>
    public static double Accuracy(ConfusionMatrix matrix)
    {
        if (matrix.Total == 0) throw new ArgumentException("The confusion matrix counts no items; accuracy is undefined.", nameof(matrix));
        return (double)matrix.Correct / matrix.Total;
    }

    /// <summary>
    /// Mean cross-entropy (log loss) in nats: −(1/N) Σᵢ ln max(pᵢ,yᵢ, 1e-7), where pᵢ,yᵢ is the
    /// probability row i gives its true class (Bishop, <i>Pattern Recognition and Machine Learning</i>, §4.3.4).
    /// </summary>
    /// <param name="probabilities">[N, K] row-major, each 0–1.</param>
    /// <param name="labels">[N], each below K.</param>
    /// <param name="classCount">K.</param>
    /// <exception cref="ArgumentException">The shapes disagree, a value is out of range, or N is 0.</exception>
    public static double MeanCrossEntropy(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int classCount = 10)
    {
        int n = ProbabilityRows.Validate(probabilities, labels, classCount);
        if (n == 0) throw new ArgumentException("No items; the mean loss is undefined.", nameof(labels));
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum -= Math.Log(Math.Max(probabilities[i * classCount + labels[i]], ProbabilityFloor));
        return sum / n;
    }

    /// <summary>Precision, recall, F1 and support of every class, in class order.</summary>
    public static IReadOnlyList<ClassMetrics> PerClass(ConfusionMatrix matrix)
    {
        var result = new ClassMetrics[matrix.ClassCount];
        for (int c = 0; c < matrix.ClassCount; c++)
        {
            int truePositives = matrix[c, c];
            int predicted = matrix.PredictedCount(c);
            int support = matrix.Support(c);
            double precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            double recall = support == 0 ? 0 : (double)truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            result[c] = new ClassMetrics(c, precision, recall, f1, support);
        }
        return result;
    }

    /// <summary>
    /// The macro averages: every class that occurs (support or predictions above 0) weighs the same,
    /// whatever its support. Classes that never occur are left out, as scikit-learn does by default.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix counts no items.</exception>
    public static MacroAverage Macro(ConfusionMatrix matrix)
    {
        var present = PerClass(matrix).Where(m => m.Support > 0 || matrix.PredictedCount(m.Digit) > 0).ToList();
        if (present.Count == 0) throw new ArgumentException("The confusion matrix counts no items; macro averages are undefined.", nameof(matrix));
        return new MacroAverage(present.Average(m => m.Precision), present.Average(m => m.Recall), present.Average(m => m.F1));
    }
}
