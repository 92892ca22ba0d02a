namespace DigitReader.Evaluation;

/// <summary>
/// The receiver operating characteristic of one class against the rest: true positive rate against
/// false positive rate as the decision threshold falls from the highest score to the lowest
/// (Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27, 2006), and the area
/// under it.
/// </summary>
public sealed class RocCurve
{
    /// <summary>How many points <see cref="Thinned"/> keeps by default.</summary>
    public const int DefaultPlotPoints = 300;

    private RocCurve(double? auc, IReadOnlyList<CurvePoint> points, int positives, int negatives)
    {
        Auc = auc;
        Points = points;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>
    /// ROC AUC, 0–1: the probability that a random positive scores above a random negative, a tie
    /// counting one half. Null when there are no positives or no negatives (undefined).
    /// </summary>
    public double? Auc { get; }

    /// <summary>
    /// (false positive rate, true positive rate) at every distinct threshold, from (0, 0) to (1, 1);
    /// empty when <see cref="Auc"/> is undefined.
    /// </summary>
    public IReadOnlyList<CurvePoint> Points { get; }

    /// <summary>Number of positive items.</summary>
    public int Positives { get; }

    /// <summary>Number of negative items.</summary>
    public int Negatives { get; }

    /// <summary>The curve thinned for plotting to at most <paramref name="maxPoints"/> points (see <c>CurveThinning</c>).</summary>
    public IReadOnlyList<CurvePoint> Thinned(int maxPoints = DefaultPlotPoints) => CurveThinning.Thin(Points, maxPoints);

    /// <summary>The ROC curve of <paramref name="digit"/> against the other classes, scored by its probability column.</summary>
    /// <param name="probabilities">[N, K] row-major, each 0–1.</param>
    /// <param name="labels">[N], each below K.</param>
    /// <param name="digit">The positive class.</param>
    /// <param name="classCount">K.</param>
    /// <exception cref="ArgumentException">The shapes disagree or a value is out of range.</exception>
    public static RocCurve ForClass(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int digit, int classCount = 10)
    {
        var (scores, positive) = ProbabilityRows.OneVsRest(probabilities, labels, classCount, digit);
        return Compute(scores, positive);
    }

    /// <summary>The ROC curve and its area for arbitrary scores (higher = more positive).</summary>
    /// <exception cref="ArgumentException">The spans differ in length or a score is NaN.</exception>
    public static RocCurve Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isPositive)
    {
        var sweep = ThresholdSweep.Compute(scores, isPositive);
        if (sweep.Positives == 0 || sweep.Negatives == 0)
            return new RocCurve(null, [], sweep.Positives, sweep.Negatives);

        var points = new List<CurvePoint>(sweep.Thresholds.Length + 1) { new(0, 0) };
        for (int k = 0; k < sweep.Thresholds.Length; k++)
            points.Add(new CurvePoint((double)sweep.FalsePositives[k] / sweep.Negatives, (double)sweep.TruePositives[k] / sweep.Positives));
        return new RocCurve(MannWhitneyAuc(scores, isPositive), points, sweep.Positives, sweep.Negatives);
    }

    /// <summary>
    /// The exact area under the ROC curve from ranks: AUC = (R⁺ − n⁺(n⁺ + 1)/2) / (n⁺ n⁻), where R⁺ is
    /// the sum of the positives' ranks in ascending score order and tied scores share their mean rank
    /// (the Mann–Whitney U statistic divided by n⁺ n⁻; Hanley and McNeil, Radiology 143, 1982).
    /// Null when there are no positives or no negatives.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double? MannWhitneyAuc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isPositive)
    {
        if (scores.Length != isPositive.Length)
            throw new ArgumentException($"{scores.Length} scores but {isPositive.Length} labels.", nameof(isPositive));
        var keys = scores.ToArray();
        var positive = isPositive.ToArray();
        Array.Sort(keys, positive);

        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < keys.Length;)
        {
            int end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start]) end++;
            // Ranks are 1-based; the tie group start..end shares the mean of ranks start+1 … end+1.
            double meanRank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++)
                if (positive[i]) { positiveRankSum += meanRank; positives++; }
            start = end + 1;
        }
        long negatives = keys.Length - positives;
        if (positives == 0 || negatives == 0) return null;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
