using DigitReader.Evaluation;

namespace DigitReader.Tests.Evaluation;

/// <summary>Every metric against numbers computed independently in numpy (see make_reference.py).</summary>
public sealed class ReferenceMetricsTests
{
    private const double Tolerance = 1e-12;
    private static readonly ReferenceFixture Fixture = ReferenceFixture.Load();
    private static readonly EvaluationReport Report = EvaluationReport.Compute(Fixture.Probabilities, Fixture.Labels, "reference", "numpy fixture");

    private static double Expected(string name) => Fixture.Expected.GetProperty(name).GetDouble();

    [Fact]
    public void Fixture_has_the_documented_shape()
    {
        Assert.Equal(200, Fixture.Labels.Length);
        Assert.Equal(2000, Fixture.Probabilities.Length);
        Assert.Equal(200, Report.Count);
    }

    [Fact]
    public void Accuracy_loss_and_calibration_match()
    {
        Assert.Equal(Expected("accuracy"), Report.Accuracy, Tolerance);
        Assert.Equal(Expected("loss"), Report.Loss, Tolerance);
        Assert.Equal(Expected("ece"), Report.Ece, Tolerance);
        Assert.Equal(Expected("mce"), Report.Calibration.Maximum, Tolerance);
    }

    [Fact]
    public void Confusion_matrix_matches()
    {
        var expected = Fixture.Expected.GetProperty("confusion_matrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        Assert.Equal(expected, Report.ConfusionMatrix.ToRows());
    }

    [Fact]
    public void Per_class_metrics_match()
    {
        var expected = Fixture.Expected.GetProperty("per_class").EnumerateArray().ToList();
        Assert.Equal(10, expected.Count);
        for (int c = 0; c < 10; c++)
        {
            var e = expected[c];
            var actual = Report.PerClass[c];
            Assert.Equal(c, actual.Digit);
            Assert.Equal(e.GetProperty("support").GetInt32(), actual.Support);
            Assert.Equal(e.GetProperty("precision").GetDouble(), actual.Precision, Tolerance);
            Assert.Equal(e.GetProperty("recall").GetDouble(), actual.Recall, Tolerance);
            Assert.Equal(e.GetProperty("f1").GetDouble(), actual.F1, Tolerance);
            Assert.Equal(e.GetProperty("roc_auc").GetDouble(), actual.RocAuc!.Value, Tolerance);
            Assert.Equal(e.GetProperty("pr_auc").GetDouble(), actual.PrAuc!.Value, Tolerance);
        }
    }

    [Fact]
    public void Macro_averages_match()
    {
        var e = Fixture.Expected.GetProperty("macro");
        Assert.Equal(e.GetProperty("precision").GetDouble(), Report.Macro.Precision, Tolerance);
        Assert.Equal(e.GetProperty("recall").GetDouble(), Report.Macro.Recall, Tolerance);
        Assert.Equal(e.GetProperty("f1").GetDouble(), Report.Macro.F1, Tolerance);
        Assert.Equal(e.GetProperty("roc_auc").GetDouble(), Report.Macro.RocAuc!.Value, Tolerance);
        Assert.Equal(e.GetProperty("pr_auc").GetDouble(), Report.Macro.PrAuc!.Value, Tolerance);
    }

    [Fact]
    public void Reliability_bins_match()
    {
        var expected = Fixture.Expected.GetProperty("calibration_bins").EnumerateArray().ToList();
        Assert.Equal(CalibrationError.DefaultBinCount, Report.Calibration.Bins.Count);
        for (int m = 0; m < expected.Count; m++)
        {
            var bin = Report.Calibration.Bins[m];
            Assert.Equal(expected[m].GetProperty("count").GetInt32(), bin.Count);
            Assert.Equal(expected[m].GetProperty("mean_confidence").GetDouble(), bin.MeanConfidence, Tolerance);
            Assert.Equal(expected[m].GetProperty("accuracy").GetDouble(), bin.Accuracy, Tolerance);
            Assert.Equal(m / 15.0, bin.Lower, Tolerance);
        }
    }

    [Fact]
    public void The_area_under_the_plotted_ROC_points_equals_the_rank_statistic()
    {
        // Two independent routes to the same area: trapezoids over the threshold sweep, and ranks.
        foreach (var curve in Report.RocCurves)
        {
            double trapezoids = 0;
            for (int i = 1; i < curve.Points.Count; i++)
                trapezoids += (curve.Points[i].X - curve.Points[i - 1].X) * (curve.Points[i].Y + curve.Points[i - 1].Y) / 2;
            Assert.Equal(curve.Auc!.Value, trapezoids, 1e-12);
            Assert.Equal(new CurvePoint(0, 0), curve.Points[0]);
            Assert.Equal(new CurvePoint(1, 1), curve.Points[^1]);
        }
    }
}
