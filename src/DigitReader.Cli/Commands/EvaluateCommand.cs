using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DigitReader.Cli.Output;
using DigitReader.Data;
using DigitReader.Evaluation;
using DigitReader.Imaging;
using DigitReader.NeuralNetwork.Serialization;
using DigitReader.Preprocessing;
using DigitReader.Recognition;
using Spectre.Console;

namespace DigitReader.Cli.Commands;

/// <summary>
/// <c>digits evaluate</c>: runs a model over a labelled set (the MNIST test set by default, IDX files, or
/// a folder of images in subfolders 0–9), prints the metrics and writes report.html and metrics.json.
/// </summary>
internal static class EvaluateCommand
{
    private sealed record Options(string[]? Model, string? Images, string? Labels, string? Folder, string? DataDir,
        string Format, string? Report, int BatchSize);

    /// <summary>What was evaluated: probabilities [N, 10], labels [N], and how to show each item.</summary>
    private sealed record Evaluated(float[] Probabilities, byte[] Labels, string Dataset, IReadOnlyList<string>? Sources,
        IReadOnlyList<EvaluationError> Errors, Func<int, GrayImage?> ImageOf);

    public static Command Create()
    {
        var model = ModelOption.Create();
        var images = new Option<string?>("--images") { Description = "IDX3 image file to evaluate on (with --labels)." };
        var labels = new Option<string?>("--labels") { Description = "IDX1 label file matching --images." };
        var folder = new Option<string?>("--folder") { Description = "Folder of image files in subfolders named 0–9, run through the full pipeline (decode, normalise, classify)." };
        var dataDir = DataOptions.DataDirectory();
        var format = FormatOption.Create();
        var report = new Option<string?>("--report") { Description = "Directory for report.html and metrics.json (default: reports/evaluate-<timestamp>)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per inference batch.", DefaultValueFactory = _ => BatchInference.DefaultBatchSize };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--batch-size must be at least 1.");
        });

        var command = new Command("evaluate", "Measure a model on labelled digits: accuracy, loss, calibration, confusion matrix, per-class precision/recall/F1/ROC AUC/PR AUC; writes an HTML report.");
        foreach (var option in new Option[] { model, images, labels, folder, dataDir, format, report, batchSize }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            bool hasImages = result.GetValue(images) is not null, hasLabels = result.GetValue(labels) is not null;
            if (hasImages != hasLabels) result.AddError("--images and --labels go together.");
            if (result.GetValue(folder) is not null && (hasImages || hasLabels)) result.AddError("Use either --folder or --images/--labels, not both.");
        });
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(new Options(
            parse.GetValue(model), parse.GetValue(images), parse.GetValue(labels), parse.GetValue(folder), parse.GetValue(dataDir),
            parse.GetValue(format)!, parse.GetValue(report), parse.GetValue(batchSize)), cancellationToken)));
        return command;
    }

    private static int Run(Options options, CancellationToken cancellationToken)
    {
        var log = Terminal.Error;
        try
        {
            var recognizer = ModelOption.Load(options.Model);
            log.WriteLine($"Model: {recognizer.Name}");

            var evaluated = options.Folder is not null
                ? EvaluateFolder(recognizer, options.Folder, cancellationToken)
                : EvaluateIdx(recognizer, options, cancellationToken);

            var report = EvaluationReport.Compute(evaluated.Probabilities, evaluated.Labels, recognizer.Name, evaluated.Dataset, evaluated.Sources, evaluated.Errors);

            var directory = options.Report ?? Path.Combine("reports", "evaluate-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(directory);
            HtmlReport.Write(report, Path.Combine(directory, "report.html"), evaluated.ImageOf);
            EvaluationJson.Write(report, Path.Combine(directory, "metrics.json"));
            log.WriteLine($"Report written to {Path.GetFullPath(Path.Combine(directory, "report.html"))} and metrics.json beside it.");

            if (options.Format == "json") Console.Out.WriteLine(EvaluationJson.Serialize(report, detailed: false));
            else EvaluationText.Write(Terminal.Out, report);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return Terminal.Fail("evaluate", "cancelled.");
        }
        catch (Exception e) when (e is MnistDataException or IdxFormatException or ModelFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            // FileNotFoundException and DirectoryNotFoundException are IOExceptions; their messages name the path.
            return Terminal.Fail("evaluate", e.Message);
        }
    }

    private static Evaluated EvaluateIdx(DigitRecognizer recognizer, Options options, CancellationToken cancellationToken)
    {
        var log = Terminal.Error;
        LabelledImages set;
        string dataset;
        if (options.Images is not null)
        {
            set = MnistDataset.Load(options.Images, options.Labels!);
            dataset = $"{Path.GetFileName(options.Images)} ({set.Count:N0} images)";
        }
        else
        {
            set = MnistDataset.LoadTest(options.DataDir, Console.Error);
            dataset = $"MNIST test set ({set.Count:N0} images)";
        }

        log.WriteLine($"Evaluating {dataset} in batches of {options.BatchSize}…");
        var clock = Stopwatch.StartNew();
        int reportedTenth = 0;
        var progress = new SynchronousProgress(done =>
        {
            // A line per tenth: enough to see it move, few enough for a log file.
            int tenth = (int)(10L * done / set.Count);
            if (tenth > reportedTenth) { reportedTenth = tenth; log.WriteLine($"  {done:N0} / {set.Count:N0}"); }
        });
        var probabilities = BatchInference.Classify(set.Images, recognizer.PredictBatch, options.BatchSize, EvaluationReport.DigitClasses, progress, cancellationToken);
        log.WriteLine($"Inference: {set.Count:N0} images in {clock.Elapsed.TotalSeconds:0.00} s ({set.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} images/s).");

        return new Evaluated(probabilities, set.Labels, dataset, null, [],
            i => new GrayImage(set.Images.Columns, set.Images.Rows, set.Images.Image(i).ToArray()));
    }

    private static Evaluated EvaluateFolder(DigitRecognizer recognizer, string folder, CancellationToken cancellationToken)
    {
        var log = Terminal.Error;
        var files = LabelledFolder.Scan(folder);
        log.WriteLine($"Evaluating {files.Count:N0} files from {folder} through the full pipeline…");
        var probabilities = new List<float>();
        var labels = new List<byte>();
        var sources = new List<string>();
        var inputs = new List<GrayImage>();
        var errors = new List<EvaluationError>();
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = recognizer.Recognize(File.ReadAllBytes(file.Path));
                probabilities.AddRange(result.Prediction.Probabilities);
                labels.Add(file.Label);
                sources.Add(file.Path);
                inputs.Add(result.Normalised.Final);
            }
            catch (Exception e) when (e is ImageDecodeException or NoDigitFoundException or IOException)
            {
                errors.Add(new EvaluationError(file.Path, e.Message));
                log.WriteLine($"  skipped {file.Path}: {e.Message}");
            }
        }
        log.WriteLine($"Recognised {labels.Count:N0} of {files.Count:N0} files in {clock.Elapsed.TotalSeconds:0.00} s; {errors.Count:N0} could not be evaluated.");
        if (labels.Count == 0)
            throw new InvalidDataException($"None of the {files.Count:N0} files in {folder} could be evaluated (first error: {errors[0].Source}: {errors[0].Message}).");

        var dataset = $"{folder} ({files.Count:N0} files)";
        return new Evaluated(probabilities.ToArray(), labels.ToArray(), dataset, sources, errors,
            i => inputs[i]);
    }

    /// <summary>Calls back on the reporting thread, so progress lines come out in order.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
