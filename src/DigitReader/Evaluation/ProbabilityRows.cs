namespace DigitReader.Evaluation;

/// <summary>
/// Checks and reads a probability matrix <c>[N, K]</c> (row-major, one row of K class probabilities per
/// item) against its labels <c>[N]</c>. Every metric goes through here so that a shape mistake fails
/// loudly with the same message instead of silently shifting rows.
/// </summary>
internal static class ProbabilityRows
{
    // Softmax in single precision can overshoot 1 by an ulp or two; anything beyond this is a bug upstream.
    private const float Tolerance = 1e-3f;

    /// <summary>Validates shapes and values; returns N.</summary>
    /// <exception cref="ArgumentException">The shapes disagree, a label is not below K, or a value is not a probability.</exception>
    public static int Validate(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (probabilities.Length != labels.Length * classCount)
            throw new ArgumentException($"Expected probabilities [N, {classCount}] for N = {labels.Length} labels, i.e. {labels.Length * classCount} values, got {probabilities.Length}.", nameof(probabilities));
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classCount)
                throw new ArgumentException($"Label {i} is {labels[i]}, not a class below {classCount}.", nameof(labels));
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i];
            if (!(p >= -Tolerance && p <= 1 + Tolerance)) // also catches NaN
                throw new ArgumentException($"Probability [{i / classCount}, {i % classCount}] is {p}, not in 0–1.", nameof(probabilities));
        }
        return labels.Length;
    }

    /// <summary>The index of the largest value; the lowest index wins a tie (as numpy's argmax).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>The index of the largest value other than <paramref name="exclude"/>; lowest index wins a tie.</summary>
    public static int ArgMaxExcept(ReadOnlySpan<float> row, int exclude)
    {
        int best = exclude == 0 ? 1 : 0;
        for (int i = best + 1; i < row.Length; i++) if (i != exclude && row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>
    /// Validates the matrix, then returns class <paramref name="digit"/> against the rest: its probability
    /// column as the scores and, per item, whether the label is that class.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Validate"/>.</exception>
    public static (float[] Scores, bool[] IsPositive) OneVsRest(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int classCount, int digit)
    {
        Validate(probabilities, labels, classCount);
        var positive = new bool[labels.Length];
        for (int i = 0; i < labels.Length; i++) positive[i] = labels[i] == digit;
        return (Column(probabilities, classCount, digit), positive);
    }

    /// <summary>Column <paramref name="column"/> of the matrix: the score of that class for every item.</summary>
    private static float[] Column(ReadOnlySpan<float> probabilities, int classCount, int column)
    {
        var scores = new float[probabilities.Length / classCount];
        for (int i = 0; i < scores.Length; i++) scores[i] = probabilities[i * classCount + column];
        return scores;
    }
}
