namespace DigitReader.Evaluation;

/// <summary>
/// The precision–recall curve of one class against the rest and its area summarised as average
/// precision, exactly as scikit-learn's <c>precision_recall_curve</c> and
/// <c>average_precision_score</c> define them: AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct score thresholds
/// in descending order, with R₀ = 0 — a step function, not the trapezoid rule, which is optimistic for
/// PR curves (Davis and Goadrich, "The relationship between precision-recall and ROC curves", ICML 2006).
/// </summary>
public sealed class PrecisionRecallCurve
{
    /// <summary>How many points <see cref="Thinned"/> keeps by default.</summary>
    public const int DefaultPlotPoints = 300;

    private PrecisionRecallCurve(double? averagePrecision, IReadOnlyList<CurvePoint> points, int positives)
    {
        AveragePrecision = averagePrecision;
        Points = points;
        Positives = positives;
    }

    /// <summary>PR AUC as average precision, 0–1. Null when there are no positives (recall undefined).</summary>
    public double? AveragePrecision { get; }

    /// <summary>
    /// (recall, precision) starting at (0, 1), scikit-learn's convention, then one point per distinct
    /// threshold from the highest score to the lowest; empty when undefined.
    /// </summary>
    public IReadOnlyList<CurvePoint> Points { get; }

    /// <summary>Number of positive items.</summary>
    public int Positives { get; }

    /// <summary>The curve thinned for plotting to at most <paramref name="maxPoints"/> points.</summary>
    public IReadOnlyList<CurvePoint> Thinned(int maxPoints = DefaultPlotPoints) => CurveThinning.Thin(Points, maxPoints);

    /// <summary>The PR curve of <paramref name="digit"/> against the other classes, scored by its probability column.</summary>
    /// <param name="probabilities">[N, K] row-major, each 0–1.</param>
    /// <param name="labels">[N], each below K.</param>
    /// <param name="digit">The positive class.</param>
    /// <param name="classCount">K.</param>
    /// <exception cref="ArgumentException">The shapes disagree or a value is out of range.</exception>
    public static PrecisionRecallCurve ForClass(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int digit, int classCount = 10)
    {
        var (scores, positive) = ProbabilityRows.OneVsRest(probabilities, labels, classCount, digit);
        return Compute(scores, positive);
    }

    /// <summary>The PR curve and average precision for arbitrary scores (higher = more positive).</summary>
    /// <exception cref="ArgumentException">The spans differ in length or a score is NaN.</exception>
    public static PrecisionRecallCurve Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isPositive)
    {
        var sweep = ThresholdSweep.Compute(scores, isPositive);
        if (sweep.Positives == 0) return new PrecisionRecallCurve(null, [], 0);

        var points = new List<CurvePoint>(sweep.Thresholds.Length + 1) { new(0, 1) };
        double averagePrecision = 0, previousRecall = 0;
        for (int k = 0; k < sweep.Thresholds.Length; k++)
        {
            int tp = sweep.TruePositives[k];
            double precision = (double)tp / (tp + sweep.FalsePositives[k]);
            double recall = (double)tp / sweep.Positives;
            averagePrecision += (recall - previousRecall) * precision;
            previousRecall = recall;
            points.Add(new CurvePoint(recall, precision));
        }
        return new PrecisionRecallCurve(averagePrecision, points, sweep.Positives);
    }
}
