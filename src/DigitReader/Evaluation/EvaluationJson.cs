using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DigitReader.Evaluation;

/// <summary>
/// Writes an <see cref="EvaluationReport"/> as one JSON object with snake_case field names
/// (System.Text.Json, <see cref="JsonNamingPolicy.SnakeCaseLower"/>). The summary carries every metric;
/// the detailed form (metrics.json) adds the reliability bins, the thinned ROC and PR curves and the list
/// of mistakes. Undefined metrics (e.g. ROC AUC of a class absent from the set) are <c>null</c>.
/// Field order and content are deterministic: the same report always gives the same bytes.
/// </summary>
public static class EvaluationJson
{
    /// <summary>Identifies the layout; bumped when a field changes meaning or disappears.</summary>
    public const string Schema = "digitreader.evaluation/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // File paths and "–" stay readable; the output is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as JSON text.</summary>
    /// <param name="report">The report.</param>
    /// <param name="detailed">True to add calibration bins, curves and mistakes (for metrics.json); false for the summary.</param>
    public static string Serialize(EvaluationReport report, bool detailed) =>
        JsonSerializer.Serialize(ToDocument(report, detailed), Options);

    /// <summary>Writes the detailed JSON to <paramref name="path"/> (UTF-8, no byte order mark).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(EvaluationReport report, string path) => File.WriteAllText(path, Serialize(report, detailed: true) + "\n");

    private static Document ToDocument(EvaluationReport r, bool detailed) => new(
        Schema, r.Model, r.Dataset, r.Count, r.Accuracy, r.Loss, r.Ece, r.Errors.Count,
        new Macro(r.Macro.Precision, r.Macro.Recall, r.Macro.F1, r.Macro.RocAuc, r.Macro.PrAuc),
        r.PerClass.Select(c => new PerClass(c.Digit, c.Precision, c.Recall, c.F1, c.Support, c.RocAuc, c.PrAuc)).ToList(),
        r.ConfusionMatrix.ToRows(),
        r.Errors.Select(e => new Error(e.Source, e.Message)).ToList(),
        detailed ? new Calibration(CalibrationError.DefaultBinCount, r.Calibration.Expected, r.Calibration.Maximum,
            r.Calibration.Bins.Select(b => new Bin(b.Lower, b.Upper, b.Count, b.MeanConfidence, b.Accuracy)).ToList()) : null,
        detailed ? new Curves(
            r.RocCurves.Select((c, d) => new Curve(d, c.Auc, Pairs(c.Thinned()))).ToList(),
            r.PrecisionRecallCurves.Select((c, d) => new Curve(d, c.AveragePrecision, Pairs(c.Thinned()))).ToList()) : null,
        detailed ? r.Misclassified.Select(m => new Mistake(m.Index, r.Sources?[m.Index], m.Label, m.Predicted, m.Confidence,
            [new Ranked(m.Predicted, m.Confidence), new Ranked(m.RunnerUp, m.RunnerUpProbability)], m.LabelProbability)).ToList() : null);

    private static double[][] Pairs(IReadOnlyList<CurvePoint> points) => points.Select(p => new[] { p.X, p.Y }).ToArray();

    // The wire format, kept apart from the domain types so that renaming a C# property never silently
    // renames a JSON field.
    private sealed record Document(
        string Schema, string Model, string Dataset, int Count, double Accuracy, double Loss, double Ece, int ErrorCount,
        Macro Macro, IReadOnlyList<PerClass> PerClass, int[][] ConfusionMatrix, IReadOnlyList<Error> Errors,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Calibration? Calibration,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Curves? Curves,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Mistake>? Misclassified);

    private sealed record Macro(double Precision, double Recall, double F1, double? RocAuc, double? PrAuc);

    private sealed record PerClass(int Digit, double Precision, double Recall, double F1, int Support, double? RocAuc, double? PrAuc);

    private sealed record Error(string Source, string Message);

    private sealed record Calibration(int BinCount, double Ece, double Mce, IReadOnlyList<Bin> Bins);

    private sealed record Bin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

    private sealed record Curves(IReadOnlyList<Curve> Roc, IReadOnlyList<Curve> PrecisionRecall);

    private sealed record Curve(int Digit, double? Area, double[][] Points);

    private sealed record Mistake(int Index, string? Source, int Label, int Predicted, float Confidence, IReadOnlyList<Ranked> Top2, float LabelProbability);

    private sealed record Ranked(int Digit, float Probability);
}
