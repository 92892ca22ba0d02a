using DigitReader.Evaluation;

namespace DigitReader.Tests.Evaluation;

/// <summary>Small cases whose answers are worked out by hand in the comments.</summary>
public sealed class HandCheckedMetricsTests
{
    /// <summary>Rows of K = 10 probabilities: <paramref name="confidence"/> on <paramref name="predicted"/>, the rest shared equally.</summary>
    private static float[] Row(int predicted, float confidence)
    {
        var row = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
        row[predicted] = confidence;
        return row;
    }

    private static float[] Rows(params float[][] rows) => rows.SelectMany(r => r).ToArray();

    [Fact]
    public void A_perfect_classifier_scores_one_everywhere()
    {
        var labels = Enumerable.Range(0, 20).Select(i => (byte)(i % 10)).ToArray();
        var probabilities = Rows(labels.Select(l => Row(l, 0.91f)).ToArray());

        var report = EvaluationReport.Compute(probabilities, labels, "perfect", "toy");

        Assert.Equal(1.0, report.Accuracy);
        Assert.All(report.PerClass, c => Assert.Equal((1.0, 1.0, 1.0, 1.0, 1.0, 2), (c.Precision, c.Recall, c.F1, c.RocAuc!.Value, c.PrAuc!.Value, c.Support)));
        Assert.Equal(-Math.Log(0.91f), report.Loss, 1e-12);
        Assert.Empty(report.Misclassified);
        for (int c = 0; c < 10; c++) Assert.Equal(2, report.ConfusionMatrix[c, c]);
    }

    [Fact]
    public void ROC_AUC_and_average_precision_of_the_textbook_example()
    {
        // scikit-learn's documentation example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
        // Pairs (positive, negative): 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 → AUC 3/4.
        // Thresholds 0.8: P=1, R=½; 0.4: P=½, R=½; 0.35: P=⅔, R=1; 0.1: P=½, R=1 → AP = ½·1 + ½·⅔ = ⅚.
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f];
        bool[] positive = [false, false, true, true];
        Assert.Equal(0.75, RocCurve.Compute(scores, positive).Auc!.Value, 1e-15);
        Assert.Equal(5.0 / 6, PrecisionRecallCurve.Compute(scores, positive).AveragePrecision!.Value, 1e-15);
        Assert.Equal(0.75, RocCurve.MannWhitneyAuc(scores, positive)!.Value, 1e-15);
    }

    [Fact]
    public void Tied_scores_count_one_half_and_form_one_threshold()
    {
        // Positive 0.5 vs negatives 0.5 (tie, ½) and 0.2 (win, 1) → AUC ¾.
        // One threshold at 0.5 holds one positive and one negative: P = ½ at R = 1 → AP ½.
        float[] scores = [0.5f, 0.5f, 0.2f];
        bool[] positive = [true, false, false];
        var roc = RocCurve.Compute(scores, positive);
        Assert.Equal(0.75, roc.Auc!.Value, 1e-15);
        Assert.Equal([new(0, 0), new(0.5, 1), new(1, 1)], roc.Points);
        Assert.Equal(0.5, PrecisionRecallCurve.Compute(scores, positive).AveragePrecision!.Value, 1e-15);

        // Everything tied: no information, AUC ½, and AP is the share of positives.
        float[] flat = [0.3f, 0.3f, 0.3f, 0.3f];
        bool[] quarter = [true, false, false, false];
        Assert.Equal(0.5, RocCurve.Compute(flat, quarter).Auc!.Value, 1e-15);
        Assert.Equal(0.25, PrecisionRecallCurve.Compute(flat, quarter).AveragePrecision!.Value, 1e-15);
    }

    [Fact]
    public void A_reversed_ranking_scores_zero_and_missing_classes_are_undefined()
    {
        Assert.Equal(0.0, RocCurve.Compute([0.9f, 0.1f], [false, true]).Auc!.Value);
        var noPositive = RocCurve.Compute([0.9f, 0.1f], [false, false]);
        Assert.Null(noPositive.Auc);
        Assert.Empty(noPositive.Points);
        Assert.Null(PrecisionRecallCurve.Compute([0.9f, 0.1f], [false, false]).AveragePrecision);
        Assert.Null(RocCurve.Compute([0.9f, 0.1f], [true, true]).Auc);
    }

    [Fact]
    public void A_calibrated_toy_has_zero_ECE_and_an_overconfident_one_its_gap()
    {
        // Ten answers at confidence 0.7, seven of them right: accuracy equals confidence → ECE 0.
        var labels = new byte[10];
        var calibrated = Rows(Enumerable.Range(0, 10).Select(i => Row(i < 7 ? 0 : 1, 0.7f)).ToArray());
        var ece0 = CalibrationError.Compute(calibrated, labels);
        Assert.Equal(0.0, ece0.Expected, 1e-7);
        // 0.7 lies in the 11th bin, (10/15, 11/15].
        Assert.Equal(10, ece0.Bins[10].Count);
        Assert.Equal(0.7, ece0.Bins[10].Accuracy, 1e-15);

        // Ten at 0.9 with five right (gap 0.4) and ten at 0.5 with five right (gap 0): ECE = ½·0.4 = 0.2, MCE 0.4.
        var mixedLabels = new byte[20];
        var mixed = Rows(Enumerable.Range(0, 20).Select(i => Row(i % 2 == 0 ? 0 : 1, i < 10 ? 0.9f : 0.5f)).ToArray());
        var ece = CalibrationError.Compute(mixed, mixedLabels);
        Assert.Equal(0.2, ece.Expected, 1e-7);
        Assert.Equal(0.4, ece.Maximum, 1e-7);
        Assert.Equal(20, ece.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void A_class_never_predicted_has_zero_precision_and_F1()
    {
        // True 0,0,1,1 predicted 0,0,0,0: class 0 precision ½ recall 1 F1 ⅔; class 1 precision 0 (nothing predicted), recall 0.
        byte[] labels = [0, 0, 1, 1];
        var m = ConfusionMatrix.FromPredictions([0, 0, 0, 0], labels);
        var perClass = ClassificationMetrics.PerClass(m);
        Assert.Equal((0.5, 1.0, 2.0 / 3, 2), (perClass[0].Precision, perClass[0].Recall, perClass[0].F1, perClass[0].Support));
        Assert.Equal((0.0, 0.0, 0.0, 2), (perClass[1].Precision, perClass[1].Recall, perClass[1].F1, perClass[1].Support));
        Assert.Equal((0.0, 0.0, 0.0, 0), (perClass[5].Precision, perClass[5].Recall, perClass[5].F1, perClass[5].Support));
        Assert.Equal(0.5, ClassificationMetrics.Accuracy(m));
    }

    [Fact]
    public void Macro_averages_are_means_over_the_classes_that_occur()
    {
        // True 0,0,1,1,2 predicted 0,0,0,1,1:
        //   class 0: P ⅔, R 1, F1 0.8;  class 1: P ½, R ½, F1 ½;  class 2: P 0, R 0, F1 0;  3–9 never occur.
        // Macro over 0–2: P 7/18, R ½, F1 1.3/3 — not the F1 of the means (0.4375), nor a mean over ten classes (0.13).
        var m = ConfusionMatrix.FromPredictions([0, 0, 0, 1, 1], [0, 0, 1, 1, 2]);
        var macro = ClassificationMetrics.Macro(m);
        Assert.Equal(7.0 / 18, macro.Precision, 1e-15);
        Assert.Equal(0.5, macro.Recall, 1e-15);
        Assert.Equal(1.3 / 3, macro.F1, 1e-15);
    }

    [Fact]
    public void The_loss_clamps_a_zero_probability()
    {
        var probabilities = Rows(Row(1, 1f));
        // The true class 0 got probability 0: the loss is −ln(1e-7), not infinity.
        Assert.Equal(-Math.Log(1e-7), ClassificationMetrics.MeanCrossEntropy(probabilities, [0]), 1e-12);
    }

    [Fact]
    public void A_tie_between_classes_goes_to_the_lower_digit()
    {
        var even = Enumerable.Repeat(0.1f, 10).ToArray();
        var m = ConfusionMatrix.FromProbabilities(even, [3]);
        Assert.Equal(1, m[3, 0]);
        var mistake = Assert.Single(Misclassification.FindAll(even, [3]));
        Assert.Equal((0, 1, 3), (mistake.Predicted, mistake.RunnerUp, mistake.Label));
    }

    [Fact]
    public void Mistakes_are_listed_most_confident_first_with_their_top_two()
    {
        var probabilities = Rows(Row(4, 0.6f), Row(2, 0.95f), Row(3, 0.8f), Row(7, 0.7f));
        var found = Misclassification.FindAll(probabilities, [9, 2, 5, 7]);
        Assert.Equal([2, 0], found.Select(m => m.Index));
        Assert.Equal((5, 3, 0.8f), (found[0].Label, found[0].Predicted, found[0].Confidence));
        Assert.Equal((float)(0.2f / 9), found[0].LabelProbability, 1e-7f);
    }

    [Fact]
    public void Shapes_and_values_are_validated_with_a_message()
    {
        var shape = Assert.Throws<ArgumentException>(() => EvaluationReport.Compute(new float[15], [0, 1], "m", "d"));
        Assert.Contains("Expected probabilities [N, 10] for N = 2 labels, i.e. 20 values, got 15", shape.Message);
        var label = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromProbabilities(Row(0, 0.5f), [10]));
        Assert.Contains("Label 0 is 10", label.Message);
        var nan = Row(0, 0.5f);
        nan[4] = float.NaN;
        Assert.Contains("Probability [0, 4] is NaN", Assert.Throws<ArgumentException>(() => CalibrationError.Compute(nan, [0])).Message);
        Assert.Contains("no items", Assert.Throws<ArgumentException>(() => EvaluationReport.Compute([], [], "m", "d")).Message);
    }
}
