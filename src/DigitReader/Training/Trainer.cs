using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using DigitReader.Data;
using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Layers;
using DigitReader.NeuralNetwork.Serialization;
using Tensor = DigitReader.NeuralNetwork.Tensor;

namespace DigitReader.Training;

/// <summary>What a finished (or interrupted) run produced.</summary>
public sealed record TrainingResult(bool Completed, int Epochs, float BestValidationAccuracy, TimeSpan Elapsed, string ModelPath, string CheckpointPath);

/// <summary>
/// Trains a digit classifier on MNIST-format data: shuffled mini-batches with random stroke-width and affine augmentation,
/// softmax cross-entropy with label smoothing, the chosen optimizer and learning-rate schedule. The last
/// <see cref="TrainingOptions.ValidationSize"/> images are never trained on; after each epoch they select
/// the model (the best validation accuracy is saved to the model path, never chosen on test data) and a
/// checkpoint is written, from which <c>resume</c> continues. Cancellation saves a checkpoint and returns.
/// </summary>
public sealed class Trainer(TrainingOptions options, string modelPath, string checkpointPath)
{
    private const string CheckpointFormat = "digitreader-checkpoint/1";

    /// <summary>The command line recorded in the model file's training facts.</summary>
    public string Command { get; init; } = "";

    /// <summary>Runs training on <paramref name="images"/> and <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Too few images for the validation split and one batch, or a share of wide strokes outside 0–1.</exception>
    /// <exception cref="ModelFormatException">Resuming from a checkpoint that is corrupt or was made with other options.</exception>
    public TrainingResult Run(IdxImages images, byte[] labels, IProgress<TrainingProgress>? progress, bool resume, CancellationToken cancellation)
    {
        int total = options.Limit > 0 ? Math.Min(options.Limit, images.Count) : images.Count;
        int trainCount = total - options.ValidationSize, batch = options.BatchSize;
        if (images.Rows != 28 || images.Columns != 28) throw new ArgumentException($"Training images must be 28×28, not {images.Rows}×{images.Columns}.");
        if (trainCount < batch || options.ValidationSize < 1)
            throw new ArgumentException($"{total} images leave {trainCount} for training after holding out {options.ValidationSize}: fewer than one batch of {batch}.");
        if (!(options.WideStrokes is >= 0 and <= 1))
            throw new ArgumentException($"The share of wide strokes is a probability from 0 to 1, not {options.WideStrokes}.");
        int batchesPerEpoch = trainCount / batch;

        var network = Architectures.Create(options.Architecture);
        Initialization.HeNormal(network, options.Seed);
        var parameters = network.NamedParameters().Select(p => p.Parameter).ToList();
        var optimizer = Optimizer.Create(options.Optimizer, parameters, options.WeightDecay);
        var schedule = LearningRateSchedule.Create(options.Schedule, options.LearningRate, (long)options.Epochs * batchesPerEpoch);
        var info = new ModelInfo { Architecture = options.Architecture, Layers = network.Specs };
        var model = new DigitModel(network, info);
        var loss = new CrossEntropyLoss(options.LabelSmoothing);
        var augment = new RandomAffine { ElasticAlpha = options.Elastic ? 34f : 0f };
        var strokeWidth = options.StrokeWidth ? new RandomStrokeWidth { WideProbability = options.WideStrokes } : null;

        int startEpoch = 0, startBatch = 0;
        float best = 0;
        double previousSeconds = 0;
        if (resume && File.Exists(checkpointPath))
            (startEpoch, startBatch, best, previousSeconds) = LoadCheckpoint(network, optimizer);

        var input = new Tensor(batch, 1, 28, 28);
        var batchLabels = new byte[batch];
        var probabilities = new float[batch * 10];
        var clock = Stopwatch.StartNew();
        for (int epoch = startEpoch; epoch < options.Epochs; epoch++)
        {
            var order = Shuffle(trainCount, options.Seed, epoch);
            foreach (var d in network.Layers.OfType<Dropout>()) d.Reseed(HashCode.Combine(options.Seed, epoch, 0xD0));
            double lossSum = 0;
            int correct = 0, seen = 0;
            var epochClock = Stopwatch.StartNew();
            for (int b = epoch == startEpoch ? startBatch : 0; b < batchesPerEpoch; b++)
            {
                if (cancellation.IsCancellationRequested)
                {
                    SaveCheckpoint(network, optimizer, epoch, b, best, previousSeconds + clock.Elapsed.TotalSeconds);
                    return new TrainingResult(false, epoch, best, clock.Elapsed, modelPath, checkpointPath);
                }
                FillBatch(images, labels, order.AsSpan(b * batch, batch), input, batchLabels, augment, strokeWidth, epoch, b, info);
                var logits = network.Forward(input, training: true);
                lossSum += loss.Forward(logits, batchLabels, probabilities);
                network.Backward(loss.Gradient);
                long step = (long)epoch * batchesPerEpoch + b;
                float lr = schedule.At(step);
                optimizer.Step(lr);
                correct += CountCorrect(probabilities, batchLabels);
                seen += batch;
                progress?.Report(new TrainingProgress
                {
                    Epoch = epoch + 1, Batch = b + 1, BatchesPerEpoch = batchesPerEpoch,
                    Loss = (float)(lossSum / (seen / batch)), Accuracy = (float)correct / seen,
                    ImagesPerSecond = seen / epochClock.Elapsed.TotalSeconds, LearningRate = lr,
                });
            }
            var (validationLoss, validationAccuracy) = Validate(model, images, labels, trainCount, total);
            bool improved = validationAccuracy > best;
            if (improved)
            {
                best = validationAccuracy;
                SaveModel(network, info, epoch + 1, validationAccuracy, validationLoss, previousSeconds + clock.Elapsed.TotalSeconds);
            }
            SaveCheckpoint(network, optimizer, epoch + 1, 0, best, previousSeconds + clock.Elapsed.TotalSeconds);
            progress?.Report(new TrainingProgress
            {
                Epoch = epoch + 1, Batch = batchesPerEpoch, BatchesPerEpoch = batchesPerEpoch,
                Loss = seen == 0 ? 0 : (float)(lossSum / (seen / batch)), Accuracy = seen == 0 ? 0 : (float)correct / seen,
                ImagesPerSecond = seen / epochClock.Elapsed.TotalSeconds, LearningRate = schedule.At((long)(epoch + 1) * batchesPerEpoch - 1),
                EpochEnd = true, ValidationAccuracy = validationAccuracy, ValidationLoss = validationLoss, Improved = improved,
            });
        }
        Calibrate(images, labels, trainCount, total);
        return new TrainingResult(true, options.Epochs, best, clock.Elapsed, modelPath, checkpointPath);
    }

    /// <summary>Fits the softmax temperature of the saved (best) model on the validation images and saves it again.</summary>
    private void Calibrate(IdxImages images, byte[] labels, int from, int to)
    {
        if (!File.Exists(modelPath)) return;
        var model = DigitModel.Load(modelPath);
        float temperature = TemperatureScaling.Fit(model, images, labels, from, to);
        var facts = new Dictionary<string, string>(model.Info.Training) { ["temperature_fitted_on"] = $"{to - from} validation images" };
        model.Copy(model.Info with { Temperature = temperature, Training = facts }).Save(modelPath);
    }

    /// <summary>The permutation of the training indices for an epoch: Fisher–Yates from a seed that depends only on (seed, epoch).</summary>
    public static int[] Shuffle(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(HashCode.Combine(seed, epoch, 0x5EED)).Shuffle(order);
        return order;
    }

    private void FillBatch(IdxImages images, byte[] labels, ReadOnlySpan<int> indices, Tensor input, byte[] batchLabels,
        RandomAffine augment, RandomStrokeWidth? strokeWidth, int epoch, int batchIndex, ModelInfo info)
    {
        var idx = indices.ToArray();
        float[] data = input.Data;
        float mean = info.InputMean, invStd = 1f / info.InputStd;
        for (int i = 0; i < idx.Length; i++) batchLabels[i] = labels[idx[i]];
        Parallelism.For(idx.Length, (start, end, _) =>
        {
            Span<float> pixels = stackalloc float[784];
            Span<float> scratch = stackalloc float[784];
            for (int i = start; i < end; i++)
            {
                var src = images.Image(idx[i]);
                for (int j = 0; j < 784; j++) pixels[j] = src[j] / 255f;
                var dst = data.AsSpan(i * 784, 784);
                if (options.Augment)
                {
                    // Each image's transform depends only on (seed, epoch, batch, position): threads cannot change it.
                    var random = new Random(HashCode.Combine(options.Seed, epoch, batchIndex, i));
                    strokeWidth?.Apply(pixels, scratch, 28, random);
                    augment.Apply(pixels, dst, 28, random);
                }
                else pixels.CopyTo(dst);
                TensorPrimitives.Subtract(dst, mean, dst);
                TensorPrimitives.Multiply(dst, invStd, dst);
            }
        });
    }

    private static int CountCorrect(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
            if (TensorPrimitives.IndexOfMax(probabilities.Slice(i * 10, 10)) == labels[i]) correct++;
        return correct;
    }

    /// <summary>Loss and accuracy on images [from, to) in evaluation mode.</summary>
    public static (float Loss, float Accuracy) Validate(DigitModel model, IdxImages images, byte[] labels, int from, int to)
    {
        const int chunk = 500;
        var pixels = new float[chunk * 784];
        double lossSum = 0;
        int correct = 0;
        for (int start = from; start < to; start += chunk)
        {
            int n = Math.Min(chunk, to - start);
            var src = images.Pixels.AsSpan(start * 784, n * 784);
            for (int j = 0; j < src.Length; j++) pixels[j] = src[j] / 255f;
            var p = model.Predict(pixels.AsSpan(0, n * 784));
            for (int i = 0; i < n; i++)
            {
                var row = p.AsSpan(i * 10, 10);
                int label = labels[start + i];
                lossSum -= Math.Log(Math.Max(row[label], 1e-7f));
                if (TensorPrimitives.IndexOfMax(row) == label) correct++;
            }
        }
        int count = to - from;
        return ((float)(lossSum / count), (float)correct / count);
    }

    private void SaveModel(Sequential network, ModelInfo info, int epoch, float validationAccuracy, float validationLoss, double seconds)
    {
        var facts = new Dictionary<string, string>
        {
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
            ["selected_epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["validation_accuracy"] = validationAccuracy.ToString("0.0000", CultureInfo.InvariantCulture),
            ["validation_loss"] = validationLoss.ToString("0.0000", CultureInfo.InvariantCulture),
            ["validation_images"] = options.ValidationSize.ToString(CultureInfo.InvariantCulture),
            ["wall_seconds"] = seconds.ToString("0", CultureInfo.InvariantCulture),
            ["options"] = JsonSerializer.Serialize(options),
            ["command"] = Command,
        };
        new DigitModel(network, info with { Training = facts }).Save(modelPath);
    }

    private void SaveCheckpoint(Sequential network, Optimizer optimizer, int epoch, int batch, float best, double seconds)
    {
        var tensors = network.State().Select(s => new NamedTensor(s.Name, s.Shape, s.Values))
            .Concat(optimizer.State.Select((s, i) => new NamedTensor($"optimizer.{i}", [s.Length], s)));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = CheckpointFormat,
            ["options"] = JsonSerializer.Serialize(options),
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["batch"] = batch.ToString(CultureInfo.InvariantCulture),
            ["optimizer_steps"] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture),
            ["best_validation_accuracy"] = best.ToString("R", CultureInfo.InvariantCulture),
            ["wall_seconds"] = seconds.ToString("R", CultureInfo.InvariantCulture),
        };
        Safetensors.Write(checkpointPath, tensors, metadata);
    }

    private (int Epoch, int Batch, float Best, double Seconds) LoadCheckpoint(Sequential network, Optimizer optimizer)
    {
        string name = Path.GetFileName(checkpointPath);
        var (tensors, metadata) = Safetensors.Parse(File.ReadAllBytes(checkpointPath), name);
        if (!metadata.TryGetValue("format", out var format) || format != CheckpointFormat)
            throw new ModelFormatException($"{name}: not a DigitReader training checkpoint.");
        var saved = JsonSerializer.Deserialize<TrainingOptions>(metadata["options"]);
        if (saved != options)
            throw new ModelFormatException($"{name}: the checkpoint was made with other options ({metadata["options"]}); resume with the same options or start afresh.");
        var byName = tensors.ToDictionary(t => t.Name);
        foreach (var (stateName, shape, values) in network.State())
        {
            if (!byName.TryGetValue(stateName, out var t) || t.Values.Length != values.Length)
                throw new ModelFormatException($"{name}: tensor {stateName} is missing or has the wrong size.");
            t.Values.CopyTo(values, 0);
        }
        for (int i = 0; i < optimizer.State.Count; i++)
        {
            if (!byName.TryGetValue($"optimizer.{i}", out var t) || t.Values.Length != optimizer.State[i].Length)
                throw new ModelFormatException($"{name}: optimizer state {i} is missing or has the wrong size.");
            t.Values.CopyTo(optimizer.State[i], 0);
        }
        optimizer.RestoreStepCount(long.Parse(metadata["optimizer_steps"], CultureInfo.InvariantCulture));
        return (int.Parse(metadata["epoch"], CultureInfo.InvariantCulture), int.Parse(metadata["batch"], CultureInfo.InvariantCulture),
            float.Parse(metadata["best_validation_accuracy"], CultureInfo.InvariantCulture), double.Parse(metadata["wall_seconds"], CultureInfo.InvariantCulture));
    }
}
