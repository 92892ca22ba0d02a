using System.Globalization;
using DigitReader.Evaluation;
using Spectre.Console;

namespace DigitReader.Cli.Output;

/// <summary>The text form of an <see cref="EvaluationReport"/>: summary, confusion matrix and per-class tables.</summary>
internal static class EvaluationText
{
    public static void Write(IAnsiConsole console, EvaluationReport r)
    {
        console.MarkupLine($"[bold]{Markup.Escape(r.Model)}[/] on {Markup.Escape(r.Dataset)}");
        var summary = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
        summary.AddRow("Items evaluated", r.Count.ToString("N0", CultureInfo.InvariantCulture));
        summary.AddRow("Accuracy", $"[bold]{F4(r.Accuracy)}[/] ({r.Accuracy * 100:0.00} %, {r.Misclassified.Count:N0} wrong)");
        summary.AddRow("Mean cross-entropy loss", F4(r.Loss));
        summary.AddRow("Expected calibration error", F4(r.Ece));
        summary.AddRow("Macro average F1", F4(r.Macro.F1));
        summary.AddRow("Macro average ROC AUC", F4(r.Macro.RocAuc));
        summary.AddRow("Macro average PR AUC", F4(r.Macro.PrAuc));
        if (r.Errors.Count > 0) summary.AddRow("[red]Not evaluated[/]", $"[red]{r.Errors.Count:N0}[/] (see the report)");
        console.Write(summary);
        console.WriteLine();

        var matrix = new Table().Border(TableBorder.Simple).Title("Confusion matrix");
        matrix.AddColumn(new TableColumn("true\\pred").RightAligned());
        for (int p = 0; p < r.ConfusionMatrix.ClassCount; p++) matrix.AddColumn(new TableColumn(p.ToString(CultureInfo.InvariantCulture)).RightAligned());
        for (int a = 0; a < r.ConfusionMatrix.ClassCount; a++)
        {
            var cells = new List<string> { a.ToString(CultureInfo.InvariantCulture) };
            for (int p = 0; p < r.ConfusionMatrix.ClassCount; p++)
            {
                int count = r.ConfusionMatrix[a, p];
                // Correct answers in green, confusions in red, zeros dimmed: the mistakes stand out.
                cells.Add(count == 0 ? "[grey]0[/]" : a == p ? $"[green]{count}[/]" : $"[red]{count}[/]");
            }
            matrix.AddRow(cells.ToArray());
        }
        console.Write(matrix);

        var perClass = new Table().Border(TableBorder.Simple).Title("Per class");
        foreach (var heading in new[] { "digit", "precision", "recall", "F1", "support", "ROC AUC", "PR AUC" })
            perClass.AddColumn(new TableColumn(heading).RightAligned());
        foreach (var c in r.PerClass)
            perClass.AddRow(c.Digit.ToString(CultureInfo.InvariantCulture), F4(c.Precision), F4(c.Recall), F4(c.F1),
                c.Support.ToString("N0", CultureInfo.InvariantCulture), F4(c.RocAuc), F4(c.PrAuc));
        perClass.AddRow("[bold]macro[/]", F4(r.Macro.Precision), F4(r.Macro.Recall), F4(r.Macro.F1),
            r.Count.ToString("N0", CultureInfo.InvariantCulture), F4(r.Macro.RocAuc), F4(r.Macro.PrAuc));
        console.Write(perClass);
    }

    private static string F4(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string F4(double? value) => value is { } v ? F4(v) : "n/a";
}
