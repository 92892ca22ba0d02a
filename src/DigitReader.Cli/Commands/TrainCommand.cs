using System.CommandLine;
using DigitReader.Data;
using DigitReader.NeuralNetwork;
using DigitReader.Training;
using Spectre.Console;

namespace DigitReader.Cli.Commands;

/// <summary><c>digits train</c>: trains a model on MNIST with validation-based model selection and checkpoints.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var arch = new Option<string>("--arch") { Description = $"Architecture: {string.Join(", ", Architectures.Names)}.", DefaultValueFactory = _ => defaults.Architecture };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images.", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var optimizer = new Option<string>("--optimizer") { Description = "adamw, adam or sgd (Nesterov).", DefaultValueFactory = _ => defaults.Optimizer };
        var schedule = new Option<string>("--schedule") { Description = "onecycle or cosine (with warm-up).", DefaultValueFactory = _ => defaults.Schedule };
        var weightDecay = new Option<float>("--weight-decay") { Description = "Weight decay λ.", DefaultValueFactory = _ => defaults.WeightDecay };
        var smoothing = new Option<float>("--label-smoothing") { Description = "Label smoothing ε.", DefaultValueFactory = _ => defaults.LabelSmoothing };
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation, shuffling, augmentation, dropout.", DefaultValueFactory = _ => defaults.Seed };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off the random affine augmentation." };
        var elastic = new Option<bool>("--elastic") { Description = "Add elastic distortion to the augmentation." };
        var noStrokeWidth = new Option<bool>("--no-stroke-width") { Description = "Turn off the random stroke thickening and thinning." };
        var wideStrokes = new Option<float>("--wide-strokes") { Description = "Probability (0–1) that a thickened image is thickened twice as much (marker-like strokes).", DefaultValueFactory = _ => defaults.WideStrokes };
        var validation = new Option<int>("--validation-size") { Description = "Last N training images held out for model selection.", DefaultValueFactory = _ => defaults.ValidationSize };
        var limit = new Option<int>("--limit") { Description = "Use only the first N training images (0 = all)." };
        var output = new Option<string>("--output", "-o") { Description = "Where the best model is saved.", DefaultValueFactory = _ => "digitreader-model.safetensors" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint file (default: OUTPUT.checkpoint)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores); a seed gives bit-identical results for a given count." };
        var dataDir = DataOptions.DataDirectory();

        var command = new Command("train", "Train a digit classifier on MNIST (the last 5,000 training images select the model; test images are never used).")
        {
            arch, epochs, batchSize, lr, optimizer, schedule, weightDecay, smoothing, seed, noAugment, elastic, noStrokeWidth, wideStrokes, validation, limit, output, checkpoint, resume, threads, dataDir,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new TrainingOptions
            {
                Architecture = parse.GetValue(arch)!, Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(lr), Optimizer = parse.GetValue(optimizer)!, Schedule = parse.GetValue(schedule)!,
                WeightDecay = parse.GetValue(weightDecay), LabelSmoothing = parse.GetValue(smoothing), Seed = parse.GetValue(seed),
                Augment = !parse.GetValue(noAugment), Elastic = parse.GetValue(elastic), StrokeWidth = !parse.GetValue(noStrokeWidth), WideStrokes = parse.GetValue(wideStrokes), ValidationSize = parse.GetValue(validation), Limit = parse.GetValue(limit),
            };
            if (parse.GetValue(threads) > 0) Parallelism.Workers = parse.GetValue(threads);
            string modelPath = parse.GetValue(output)!;
            string checkpointPath = parse.GetValue(checkpoint) ?? modelPath + ".checkpoint";
            var console = Terminal.Error;
            try
            {
                var (images, labels) = MnistDataset.LoadTrain(parse.GetValue(dataDir));
                var trainer = new Trainer(options, modelPath, checkpointPath) { Command = "digits " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)) };
                console.MarkupLineInterpolated($"Training [bold]{options.Architecture}[/] for {options.Epochs} epochs, batch {options.BatchSize}, {options.Optimizer} lr {options.LearningRate} ({options.Schedule}), seed {options.Seed}, augmentation {Augmentation(options)}, {Parallelism.Workers} threads.");
                // Ctrl+C asks the trainer to stop after the current batch and save a checkpoint, instead of killing it.
                using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
                Console.CancelKeyPress += onCancel;
                TrainingResult result;
                try { result = await Task.Run(() => RunWithProgress(trainer, images, labels, parse.GetValue(resume), console, interrupt.Token)); }
                finally { Console.CancelKeyPress -= onCancel; }
                if (!result.Completed)
                {
                    console.MarkupLineInterpolated($"[yellow]Interrupted[/] during epoch {result.Epochs + 1}; checkpoint saved to {result.CheckpointPath}. Continue with the same command and --resume.");
                    return 130;
                }
                console.MarkupLineInterpolated($"[green]Done[/] in {result.Elapsed:hh\\:mm\\:ss}: best validation accuracy {result.BestValidationAccuracy:P2}, model saved to {result.ModelPath}.");
                return 0;
            }
            catch (Exception e) when (e is MnistDataException or IdxFormatException or ArgumentException or IOException or NeuralNetwork.Serialization.ModelFormatException)
            {
                return Terminal.Fail("train", e.Message);
            }
        });
        return command;
    }

    private static TrainingResult RunWithProgress(Trainer trainer, IdxImages images, byte[] labels, bool resume, IAnsiConsole console, CancellationToken cancellation)
    {
        TrainingResult? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                int taskEpoch = 0;
                var progress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    if (task is null || taskEpoch != p.Epoch)
                    {
                        task?.StopTask();
                        task = ctx.AddTask($"epoch {p.Epoch}", maxValue: p.BatchesPerEpoch);
                        taskEpoch = p.Epoch;
                    }
                    task.Value = p.Batch;
                    task.Description = $"epoch {p.Epoch} batch {p.Batch}/{p.BatchesPerEpoch} loss {p.Loss:F4} acc {p.Accuracy:P2} {p.ImagesPerSecond:F0} img/s lr {p.LearningRate:G3}";
                    if (p.EpochEnd)
                    {
                        task.StopTask();
                        console.MarkupLineInterpolated($"epoch {p.Epoch}: train loss {p.Loss:F4} acc {p.Accuracy:P2}, validation loss {p.ValidationLoss:F4} acc {p.ValidationAccuracy:P2}{(p.Improved ? " (best, saved)" : "")}, {p.ImagesPerSecond:F0} img/s");
                    }
                });
                result = trainer.Run(images, labels, progress, resume, cancellation);
            });
        return result!;
    }

    /// <summary>The augmentation named in the start line, e.g. "stroke width (wide 0.5) + affine".</summary>
    private static string Augmentation(TrainingOptions options)
    {
        if (!options.Augment) return "off";
        var parts = new List<string>();
        if (options.StrokeWidth) parts.Add(options.WideStrokes > 0 ? $"stroke width (wide {options.WideStrokes})" : "stroke width");
        parts.Add("affine");
        if (options.Elastic) parts.Add("elastic");
        return string.Join(" + ", parts);
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so reports arrive in order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
