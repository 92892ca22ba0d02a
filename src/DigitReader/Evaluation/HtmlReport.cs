using System.Globalization;
using System.Text;
using DigitReader.Imaging;
using static DigitReader.Evaluation.SvgChart;

namespace DigitReader.Evaluation;

/// <summary>
/// Renders an <see cref="EvaluationReport"/> as one self-contained HTML file: inline CSS and inline SVG
/// only, no script and no external asset, so it can be mailed or archived as is. Sections: summary,
/// per-class table, confusion-matrix heat map, ROC and precision–recall curves per class, reliability
/// diagram, and a gallery of misclassified images embedded as PNG data: URIs (<see cref="PngEncoder"/>). Deterministic: the same
/// report and images give the same bytes.
/// </summary>
public static class HtmlReport
{
    /// <summary>The gallery shows at most this many mistakes by default (most confident first).</summary>
    public const int DefaultGalleryLimit = 200;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1180px;margin:24px auto;padding:0 16px;color:#222}
        h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.15em;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
        p.meta{color:#555;margin-top:0}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums}
        th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}th{background:#f6f6f6}
        td.name,th.name{text-align:left}
        .charts{display:flex;flex-wrap:wrap;gap:12px}
        svg text{font-family:inherit}svg .tick{font-size:10px;fill:#555}svg .axis{font-size:11px;fill:#333}
        svg .legend{font-size:11px;fill:#333}svg .chart-title{font-size:12px;font-weight:600;fill:#222}
        svg .cell{font-size:11px}
        .gallery{display:flex;flex-wrap:wrap;gap:8px}
        .gallery figure{margin:0;width:112px;font-size:11px;text-align:center}
        .gallery img{width:56px;height:56px;image-rendering:pixelated;border:1px solid #ccc;background:#000}
        .gallery figcaption{line-height:1.3}.wrong{color:#c0392b;font-weight:600}
        .note{color:#666;font-size:.9em}
        """;

    /// <summary>Renders the report.</summary>
    /// <param name="report">The evaluation.</param>
    /// <param name="imageOf">The image of item i as the model saw it (MNIST: 28 × 28, ink bright on black), or null where none is available; null = gallery without pictures.</param>
    /// <param name="galleryLimit">Most mistakes shown.</param>
    public static string Render(EvaluationReport report, Func<int, GrayImage?>? imageOf = null, int galleryLimit = DefaultGalleryLimit)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>DigitReader evaluation — {Encode(report.Model)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>Evaluation of {Encode(report.Model)}</h1>\n");
        html.Append($"<p class=\"meta\">{Encode(report.Dataset)} · {report.Count.ToString("N0", CultureInfo.InvariantCulture)} items evaluated");
        if (report.Errors.Count > 0) html.Append($" · <span class=\"wrong\">{report.Errors.Count} could not be evaluated</span> (listed at the end; not in any metric)");
        html.Append("</p>\n");

        AppendSummary(html, report);
        AppendPerClass(html, report);
        html.Append("<h2>Confusion matrix</h2>\n<p class=\"note\">Rows are the true digits, columns the predicted ones; colour is the share of the row (square root scale, so rare confusions stay visible).</p>\n");
        html.Append(Heatmap(report.ConfusionMatrix)).Append('\n');
        AppendCurves(html, report);
        html.Append("<h2>Reliability diagram</h2>\n");
        html.Append($"<p class=\"note\">Items binned by confidence (top-class probability) in {report.Calibration.Bins.Count} equal-width bins; bars are each bin's accuracy, black lines its mean confidence, red the gap between them; numbers are items per bin. A calibrated model follows the diagonal. Expected calibration error {F4(report.Ece)}, maximum {F4(report.Calibration.Maximum)}.</p>\n");
        html.Append(ReliabilityDiagram(report.Calibration)).Append('\n');
        AppendGallery(html, report, imageOf, galleryLimit);
        AppendErrors(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Renders the report into <paramref name="path"/> (UTF-8).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(EvaluationReport report, string path, Func<int, GrayImage?>? imageOf = null, int galleryLimit = DefaultGalleryLimit) =>
        File.WriteAllText(path, Render(report, imageOf, galleryLimit));

    private static void AppendSummary(StringBuilder html, EvaluationReport r)
    {
        html.Append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        Row("Accuracy", $"{F4(r.Accuracy)} ({(r.Accuracy * 100).ToString("0.00", CultureInfo.InvariantCulture)} %, {r.ConfusionMatrix.Correct:N0} of {r.Count:N0})");
        Row("Mean cross-entropy loss", F4(r.Loss) + " nats");
        Row("Expected calibration error", F4(r.Ece));
        Row("Macro average precision", F4(r.Macro.Precision));
        Row("Macro average recall", F4(r.Macro.Recall));
        Row("Macro average F1", F4(r.Macro.F1));
        Row("Macro average ROC AUC", F4(r.Macro.RocAuc));
        Row("Macro average PR AUC", F4(r.Macro.PrAuc));
        Row("Misclassified", r.Misclassified.Count.ToString("N0", CultureInfo.InvariantCulture));
        html.Append("</table>\n");

        void Row(string name, string value) => html.Append($"<tr><th class=\"name\">{Encode(name)}</th><td>{Encode(value)}</td></tr>\n");
    }

    private static void AppendPerClass(StringBuilder html, EvaluationReport r)
    {
        html.Append("<h2>Per class</h2>\n<table class=\"per-class\">\n<tr><th>Digit</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th><th>ROC AUC</th><th>PR AUC</th></tr>\n");
        foreach (var c in r.PerClass)
            html.Append($"<tr><td>{c.Digit}</td><td>{F4(c.Precision)}</td><td>{F4(c.Recall)}</td><td>{F4(c.F1)}</td><td>{c.Support:N0}</td><td>{F4(c.RocAuc)}</td><td>{F4(c.PrAuc)}</td></tr>\n");
        html.Append($"<tr><th>Macro average</th><th>{F4(r.Macro.Precision)}</th><th>{F4(r.Macro.Recall)}</th><th>{F4(r.Macro.F1)}</th><th>{r.Count:N0}</th><th>{F4(r.Macro.RocAuc)}</th><th>{F4(r.Macro.PrAuc)}</th></tr>\n</table>\n");
    }

    private static string Heatmap(ConfusionMatrix m)
    {
        const int cell = 44, margin = 56;
        int k = m.ClassCount, size = margin + k * cell + 8;
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" role=\"img\"><title>Confusion matrix</title>");
        svg.Append($"<text x=\"{margin + k * cell / 2}\" y=\"14\" text-anchor=\"middle\" class=\"axis\">predicted</text>");
        svg.Append($"<text x=\"12\" y=\"{margin + k * cell / 2}\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 12 {margin + k * cell / 2})\">true</text>");
        for (int c = 0; c < k; c++)
        {
            svg.Append($"<text x=\"{margin + c * cell + cell / 2}\" y=\"{margin - 8}\" text-anchor=\"middle\" class=\"axis\">{c}</text>");
            svg.Append($"<text x=\"{margin - 10}\" y=\"{margin + c * cell + cell / 2 + 4}\" text-anchor=\"end\" class=\"axis\">{c}</text>");
        }
        for (int a = 0; a < k; a++)
        {
            int support = m.Support(a);
            for (int p = 0; p < k; p++)
            {
                int count = m[a, p];
                double share = support == 0 ? 0 : (double)count / support;
                double intensity = Math.Sqrt(share);
                // Diagonal in blue (right), off-diagonal in red (wrong): the eye finds the mistakes at once.
                var (r, g, b) = a == p ? (33, 102, 172) : (178, 24, 43);
                string fill = $"rgb({Blend(r, intensity)},{Blend(g, intensity)},{Blend(b, intensity)})";
                string ink = intensity > 0.55 ? "#fff" : "#222";
                int x = margin + p * cell, y = margin + a * cell;
                svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" stroke=\"#fff\"><title>true {a}, predicted {p}: {count} ({(share * 100).ToString("0.0", CultureInfo.InvariantCulture)} % of the {a}s)</title></rect>");
                if (count > 0)
                    svg.Append($"<text x=\"{x + cell / 2}\" y=\"{y + cell / 2 + 4}\" text-anchor=\"middle\" class=\"cell\" fill=\"{ink}\">{count}</text>");
            }
        }
        return svg.Append("</svg>").ToString();

        static int Blend(int channel, double t) => (int)Math.Round(255 + (channel - 255) * t);
    }

    private static void AppendCurves(StringBuilder html, EvaluationReport r)
    {
        html.Append("<h2>ROC curves</h2>\n<p class=\"note\">One class against the rest, scored by its probability. The second chart enlarges the top-left corner, where good models differ.</p>\n<div class=\"charts\">\n");
        html.Append(CurveChart("roc-full", "ROC, one-vs-rest", r.RocCurves.Select(c => (c.Thinned(), c.Auc)).ToList(), (0, 1), (0, 1), "false positive rate", "true positive rate", diagonal: true));
        html.Append(CurveChart("roc-corner", "ROC, top-left corner", r.RocCurves.Select(c => (c.Thinned(), c.Auc)).ToList(), (0, 0.1), (0.9, 1), "false positive rate", "true positive rate", diagonal: false));
        html.Append("\n</div>\n<h2>Precision–recall curves</h2>\n<p class=\"note\">Legend areas are average precision (PR AUC). The second chart enlarges the top-right corner.</p>\n<div class=\"charts\">\n");
        html.Append(CurveChart("pr-full", "Precision–recall, one-vs-rest", r.PrecisionRecallCurves.Select(c => (c.Thinned(), c.AveragePrecision)).ToList(), (0, 1), (0, 1), "recall", "precision", diagonal: false));
        html.Append(CurveChart("pr-corner", "Precision–recall, top-right corner", r.PrecisionRecallCurves.Select(c => (c.Thinned(), c.AveragePrecision)).ToList(), (0.9, 1), (0.9, 1), "recall", "precision", diagonal: false));
        html.Append("\n</div>\n");
    }

    private static string CurveChart(string id, string title, IReadOnlyList<(IReadOnlyList<CurvePoint> Points, double? Area)> curves,
        (double, double) x, (double, double) y, string xLabel, string yLabel, bool diagonal)
    {
        var chart = new SvgChart(id, "curve " + id, title, 520, 380, 110, x, y, xLabel, yLabel);
        if (diagonal) chart.Polyline([new(0, 0), new(1, 1)], "#bbb", "chance", 1, "4 3");
        for (int d = 0; d < curves.Count; d++)
            if (curves[d].Points.Count > 0)
                chart.Polyline(curves[d].Points, Palette[d % Palette.Length], $"digit {d}, area {F4(curves[d].Area)}");
        chart.Legend(curves.Select((c, d) => (Palette[d % Palette.Length], $"{d}: {F4(c.Area)}")));
        return chart.ToString();
    }

    private static string ReliabilityDiagram(CalibrationError calibration)
    {
        var chart = new SvgChart("reliability", "reliability", "Reliability diagram", 560, 380, 150, (0, 1), (0, 1), "confidence", "accuracy");
        foreach (var bin in calibration.Bins.Where(b => b.Count > 0))
        {
            string range = $"({bin.Lower:0.###}, {bin.Upper:0.###}]";
            string summary = $"{range}: {bin.Count} items, accuracy {F4(bin.Accuracy)}, mean confidence {F4(bin.MeanConfidence)}";
            // The gap is drawn over the bar: an over-confident bin shows red above its bar, an
            // under-confident one a red band at the top of it; the black line marks the confidence.
            chart.Rectangle(bin.Lower, 0, bin.Upper, bin.Accuracy, "#4e79a7", summary, 0.85);
            chart.Rectangle(bin.Lower, bin.Accuracy, bin.Upper, bin.MeanConfidence, "#e15759", $"{range}: gap {F4(Math.Abs(bin.MeanConfidence - bin.Accuracy))}", 0.55);
            chart.Polyline([new(bin.Lower, bin.MeanConfidence), new(bin.Upper, bin.MeanConfidence)], "#222", summary, 2);
            chart.Label((bin.Lower + bin.Upper) / 2, 0.015, bin.Count.ToString("N0", CultureInfo.InvariantCulture), vertical: true);
        }
        chart.Polyline([new(0, 0), new(1, 1)], "#555", "perfect calibration", 1, "4 3");
        chart.Legend([("#4e79a7", "accuracy"), ("#e15759", "gap"), ("#222", "mean confidence"), ("#555", "calibrated")]);
        return chart.ToString();
    }

    private static void AppendGallery(StringBuilder html, EvaluationReport r, Func<int, GrayImage?>? imageOf, int limit)
    {
        html.Append("<h2>Misclassified</h2>\n");
        if (r.Misclassified.Count == 0)
        {
            html.Append("<p>None: every item was classified correctly.</p>\n");
            return;
        }
        int shown = Math.Min(limit, r.Misclassified.Count);
        html.Append($"<p class=\"note\">{shown:N0} of {r.Misclassified.Count:N0} mistakes, most confident first: the true digit, then the two most probable classes.</p>\n<div class=\"gallery\">\n");
        foreach (var m in r.Misclassified.Take(shown))
        {
            string name = r.Sources is null ? $"#{m.Index}" : Path.GetFileName(r.Sources[m.Index]);
            html.Append("<figure class=\"mistake\">");
            if (imageOf?.Invoke(m.Index) is { } image)
            {
                // A data: URI (RFC 2397) keeps the report one file.
                var uri = "data:image/png;base64," + Convert.ToBase64String(PngEncoder.Encode(image));
                html.Append($"<img class=\"digit\" src=\"{uri}\" width=\"56\" height=\"56\" alt=\"item {m.Index}, a {m.Label}\">");
            }
            html.Append($"<figcaption>{Encode(name)}<br>true <b>{m.Label}</b><br><span class=\"wrong\">{m.Predicted}: {P3(m.Confidence)}</span> · {m.RunnerUp}: {P3(m.RunnerUpProbability)}</figcaption></figure>\n");
        }
        html.Append("</div>\n");
    }

    private static void AppendErrors(StringBuilder html, EvaluationReport r)
    {
        if (r.Errors.Count == 0) return;
        html.Append($"<h2>Not evaluated ({r.Errors.Count})</h2>\n<table class=\"errors\">\n<tr><th class=\"name\">Input</th><th class=\"name\">Reason</th></tr>\n");
        foreach (var e in r.Errors)
            html.Append($"<tr><td class=\"name\">{Encode(e.Source)}</td><td class=\"name\">{Encode(e.Message)}</td></tr>\n");
        html.Append("</table>\n");
    }

    private static string F4(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string F4(double? value) => value is { } v ? F4(v) : "n/a";

    private static string P3(float value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
