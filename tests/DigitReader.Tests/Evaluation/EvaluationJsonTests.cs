using System.Text.Json;
using DigitReader.Evaluation;

namespace DigitReader.Tests.Evaluation;

public sealed class EvaluationJsonTests
{
    private static readonly ReferenceFixture Fixture = ReferenceFixture.Load();
    private static readonly EvaluationReport Report = EvaluationReport.Compute(Fixture.Probabilities, Fixture.Labels, "model-a.safetensors", "numpy fixture",
        errors: [new EvaluationError("/data/3/broken.png", "not a PNG")]);

    [Fact]
    public void The_summary_has_every_documented_field_in_snake_case()
    {
        using var json = JsonDocument.Parse(EvaluationJson.Serialize(Report, detailed: false));
        var root = json.RootElement;

        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal("model-a.safetensors", root.GetProperty("model").GetString());
        Assert.Equal(EvaluationJson.Schema, root.GetProperty("schema").GetString());
        Assert.Equal(200, root.GetProperty("count").GetInt32());
        Assert.Equal(Report.Accuracy, root.GetProperty("accuracy").GetDouble());
        Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.Equal(Report.Loss, root.GetProperty("loss").GetDouble());
        Assert.Equal(Report.Ece, root.GetProperty("ece").GetDouble());
        Assert.Equal(1, root.GetProperty("error_count").GetInt32());
        Assert.Equal("/data/3/broken.png", root.GetProperty("errors")[0].GetProperty("source").GetString());

        var perClass = root.GetProperty("per_class").EnumerateArray().ToList();
        Assert.Equal(10, perClass.Count);
        for (int d = 0; d < 10; d++)
        {
            Assert.Equal(["digit", "precision", "recall", "f1", "support", "roc_auc", "pr_auc"], perClass[d].EnumerateObject().Select(p => p.Name));
            Assert.Equal(d, perClass[d].GetProperty("digit").GetInt32());
            Assert.Equal(Report.PerClass[d].RocAuc, perClass[d].GetProperty("roc_auc").GetDouble());
        }
        var matrix = root.GetProperty("confusion_matrix");
        Assert.Equal(10, matrix.GetArrayLength());
        Assert.All(matrix.EnumerateArray(), row => Assert.Equal(10, row.GetArrayLength()));
        Assert.Equal(200, matrix.EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(v => v.GetInt32()));
        Assert.Equal(["precision", "recall", "f1", "roc_auc", "pr_auc"], root.GetProperty("macro").EnumerateObject().Select(p => p.Name));

        // The summary leaves out the bulky parts.
        Assert.False(root.TryGetProperty("curves", out _));
        Assert.False(root.TryGetProperty("misclassified", out _));
    }

    [Fact]
    public void The_detailed_form_adds_bins_curves_and_mistakes()
    {
        using var json = JsonDocument.Parse(EvaluationJson.Serialize(Report, detailed: true));
        var root = json.RootElement;

        var calibration = root.GetProperty("calibration");
        Assert.Equal(15, calibration.GetProperty("bin_count").GetInt32());
        Assert.Equal(15, calibration.GetProperty("bins").GetArrayLength());
        Assert.Equal(200, calibration.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));

        var roc = root.GetProperty("curves").GetProperty("roc").EnumerateArray().ToList();
        Assert.Equal(10, roc.Count);
        Assert.All(roc, c => Assert.InRange(c.GetProperty("points").GetArrayLength(), 2, RocCurve.DefaultPlotPoints));
        Assert.Equal(10, root.GetProperty("curves").GetProperty("precision_recall").GetArrayLength());

        var mistakes = root.GetProperty("misclassified").EnumerateArray().ToList();
        Assert.Equal(Report.Misclassified.Count, mistakes.Count);
        var first = mistakes[0];
        Assert.Equal(Report.Misclassified[0].Index, first.GetProperty("index").GetInt32());
        Assert.Equal(2, first.GetProperty("top2").GetArrayLength());
        Assert.Equal(first.GetProperty("predicted").GetInt32(), first.GetProperty("top2")[0].GetProperty("digit").GetInt32());
    }

    [Fact]
    public void Undefined_metrics_are_null_and_output_is_deterministic()
    {
        // Only digits 0 and 1 occur: ROC AUC and PR AUC of 2–9 are undefined.
        var probabilities = new float[20];
        probabilities[0] = 0.8f; probabilities[1] = 0.2f; probabilities[10] = 0.3f; probabilities[11] = 0.7f;
        var report = EvaluationReport.Compute(probabilities, [0, 1], "m", "d");

        var text = EvaluationJson.Serialize(report, detailed: true);
        using var json = JsonDocument.Parse(text);
        var five = json.RootElement.GetProperty("per_class")[5];
        Assert.Equal(JsonValueKind.Null, five.GetProperty("roc_auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, five.GetProperty("pr_auc").ValueKind);
        Assert.Equal(1.0, json.RootElement.GetProperty("macro").GetProperty("roc_auc").GetDouble());
        Assert.Equal(text, EvaluationJson.Serialize(EvaluationReport.Compute(probabilities, [0, 1], "m", "d"), detailed: true));
    }
}
