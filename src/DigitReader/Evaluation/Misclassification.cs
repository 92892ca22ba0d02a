namespace DigitReader.Evaluation;

/// <summary>An item the model got wrong, with its two most probable classes (for the report's gallery).</summary>
/// <param name="Index">Position of the item in the evaluated set (row of the probability matrix).</param>
/// <param name="Label">The true class.</param>
/// <param name="Predicted">The most probable class (≠ <paramref name="Label"/>).</param>
/// <param name="Confidence">Its probability, 0–1.</param>
/// <param name="RunnerUp">The second most probable class.</param>
/// <param name="RunnerUpProbability">Its probability, 0–1.</param>
/// <param name="LabelProbability">The probability given to the true class, 0–1.</param>
public sealed record Misclassification(int Index, int Label, int Predicted, float Confidence, int RunnerUp, float RunnerUpProbability, float LabelProbability)
{
    /// <summary>
    /// Every misclassified row of <paramref name="probabilities"/> ([N, K] row-major), most confident
    /// mistakes first (ties by index), since those are the most instructive to look at.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes disagree or a value is out of range.</exception>
    public static IReadOnlyList<Misclassification> FindAll(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int classCount = 10)
    {
        int n = ProbabilityRows.Validate(probabilities, labels, classCount);
        var found = new List<Misclassification>();
        for (int i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            int top = ProbabilityRows.ArgMax(row);
            if (top == labels[i]) continue;
            int second = ProbabilityRows.ArgMaxExcept(row, top);
            found.Add(new Misclassification(i, labels[i], top, row[top], second, row[second], row[labels[i]]));
        }
        return found.OrderByDescending(m => m.Confidence).ThenBy(m => m.Index).ToList();
    }
}
