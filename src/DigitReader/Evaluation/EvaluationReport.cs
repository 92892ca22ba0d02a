namespace DigitReader.Evaluation;

/// <summary>Everything measured for one class against the rest.</summary>
/// <param name="Digit">The class.</param>
/// <param name="Precision">0–1, see <see cref="ClassMetrics"/>.</param>
/// <param name="Recall">0–1, see <see cref="ClassMetrics"/>.</param>
/// <param name="F1">0–1, see <see cref="ClassMetrics"/>.</param>
/// <param name="Support">Items of this class.</param>
/// <param name="RocAuc">ROC AUC, 0–1 (<see cref="RocCurve.Auc"/>); null when undefined.</param>
/// <param name="PrAuc">PR AUC as average precision, 0–1 (<see cref="PrecisionRecallCurve.AveragePrecision"/>); null when undefined.</param>
public sealed record ClassReport(int Digit, double Precision, double Recall, double F1, int Support, double? RocAuc, double? PrAuc);

/// <summary>Macro averages: unweighted means over the classes, each 0–1.</summary>
/// <param name="Precision">Mean precision over the classes that occur (<see cref="ClassificationMetrics.Macro"/>).</param>
/// <param name="Recall">Mean recall over the classes that occur.</param>
/// <param name="F1">Mean F1 over the classes that occur.</param>
/// <param name="RocAuc">Mean ROC AUC over the classes where it is defined; null when it is for none.</param>
/// <param name="PrAuc">Mean PR AUC over the classes where it is defined; null when it is for none.</param>
public sealed record MacroReport(double Precision, double Recall, double F1, double? RocAuc, double? PrAuc);

/// <summary>An input that could not be evaluated (e.g. an image file that does not decode or holds no digit).</summary>
/// <param name="Source">What it was: a file path or an index.</param>
/// <param name="Message">Why it failed.</param>
public sealed record EvaluationError(string Source, string Message);

/// <summary>
/// The full evaluation of a classifier on a labelled set: accuracy, mean cross-entropy loss, expected
/// calibration error, the confusion matrix, per-class precision / recall / F1 / support / ROC AUC /
/// PR AUC with their macro averages, the ROC and PR curves, the reliability bins and the mistakes.
/// Computed once from the softmax outputs; the JSON and HTML writers only format it.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>Classes of a digit recognizer.</summary>
    public const int DigitClasses = 10;

    /// <summary>Name of the model evaluated (file name or "bundled default").</summary>
    public required string Model { get; init; }

    /// <summary>What it was evaluated on (e.g. "MNIST test set (10,000 images)").</summary>
    public required string Dataset { get; init; }

    /// <summary>Number of items evaluated (N), not counting <see cref="Errors"/>.</summary>
    public required int Count { get; init; }

    /// <summary>Fraction classified correctly, 0–1.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Mean cross-entropy loss in nats (<see cref="ClassificationMetrics.MeanCrossEntropy"/>).</summary>
    public required double Loss { get; init; }

    /// <summary>Confusion matrix, rows = true class, columns = predicted class.</summary>
    public required ConfusionMatrix ConfusionMatrix { get; init; }

    /// <summary>One entry per class, in class order.</summary>
    public required IReadOnlyList<ClassReport> PerClass { get; init; }

    /// <summary>Macro averages over the classes.</summary>
    public required MacroReport Macro { get; init; }

    /// <summary>Expected calibration error and the reliability bins.</summary>
    public required CalibrationError Calibration { get; init; }

    /// <summary>ROC curve per class, in class order.</summary>
    public required IReadOnlyList<RocCurve> RocCurves { get; init; }

    /// <summary>Precision–recall curve per class, in class order.</summary>
    public required IReadOnlyList<PrecisionRecallCurve> PrecisionRecallCurves { get; init; }

    /// <summary>Every mistake, most confident first.</summary>
    public required IReadOnlyList<Misclassification> Misclassified { get; init; }

    /// <summary>Optional name of each item (e.g. its file path), index for index; null for a data set of anonymous images.</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Inputs that could not be evaluated; they are not part of <see cref="Count"/> or any metric.</summary>
    public IReadOnlyList<EvaluationError> Errors { get; init; } = [];

    /// <summary>Expected calibration error, 0–1 (shortcut for <see cref="Calibration"/>).</summary>
    public double Ece => Calibration.Expected;

    /// <summary>Computes every metric from the softmax outputs and the labels.</summary>
    /// <param name="probabilities">[N, 10] row-major softmax outputs, each 0–1.</param>
    /// <param name="labels">[N] true digits 0–9.</param>
    /// <param name="model">Name of the model.</param>
    /// <param name="dataset">Description of the data set.</param>
    /// <param name="sources">Optional name per item.</param>
    /// <param name="errors">Inputs that failed before reaching the model.</param>
    /// <exception cref="ArgumentException">N is 0, the shapes disagree, a label is above 9, or a value is not a probability.</exception>
    public static EvaluationReport Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, string model, string dataset,
        IReadOnlyList<string>? sources = null, IReadOnlyList<EvaluationError>? errors = null)
    {
        const int k = DigitClasses;
        int n = ProbabilityRows.Validate(probabilities, labels, k);
        if (n == 0) throw new ArgumentException("Nothing to evaluate: no items.", nameof(labels));
        if (sources is not null && sources.Count != n)
            throw new ArgumentException($"{sources.Count} sources for {n} items.", nameof(sources));

        var matrix = ConfusionMatrix.FromProbabilities(probabilities, labels, k);
        var basic = ClassificationMetrics.PerClass(matrix);
        var macro = ClassificationMetrics.Macro(matrix);
        var roc = new RocCurve[k];
        var pr = new PrecisionRecallCurve[k];
        var perClass = new ClassReport[k];
        for (int c = 0; c < k; c++)
        {
            roc[c] = RocCurve.ForClass(probabilities, labels, c, k);
            pr[c] = PrecisionRecallCurve.ForClass(probabilities, labels, c, k);
            perClass[c] = new ClassReport(c, basic[c].Precision, basic[c].Recall, basic[c].F1, basic[c].Support, roc[c].Auc, pr[c].AveragePrecision);
        }

        return new EvaluationReport
        {
            Model = model,
            Dataset = dataset,
            Count = n,
            Accuracy = ClassificationMetrics.Accuracy(matrix),
            Loss = ClassificationMetrics.MeanCrossEntropy(probabilities, labels, k),
            ConfusionMatrix = matrix,
            PerClass = perClass,
            Macro = new MacroReport(macro.Precision, macro.Recall, macro.F1, MeanOfDefined(perClass.Select(c => c.RocAuc)), MeanOfDefined(perClass.Select(c => c.PrAuc))),
            Calibration = CalibrationError.Compute(probabilities, labels, k),
            RocCurves = roc,
            PrecisionRecallCurves = pr,
            Misclassified = Misclassification.FindAll(probabilities, labels, k),
            Sources = sources,
            Errors = errors ?? [],
        };
    }

    private static double? MeanOfDefined(IEnumerable<double?> values)
    {
        var defined = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return defined.Count == 0 ? null : defined.Average();
    }
}
