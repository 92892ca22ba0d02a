using DigitReader.Data;
using DigitReader.NeuralNetwork;
using DigitReader.Training;

namespace DigitReader.Tests.Training;

public class TrainerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("dr-train-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A learnable toy set: class k is a bright bar at a class-specific row, plus noise.</summary>
    private static (IdxImages, byte[]) Bars(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int k = i % 10;
            labels[i] = (byte)k;
            for (int j = 0; j < 784; j++) pixels[i * 784 + j] = (byte)random.Next(0, 60);
            int row = 3 + 2 * k;
            for (int x = 6; x < 22; x++) pixels[i * 784 + row * 28 + x] = 255;
        }
        return (new IdxImages(count, 28, 28, pixels), labels);
    }

    // No augmentation: shifting the toy bars by a few rows would turn one class into another.
    private static TrainingOptions Options => new() { Epochs = 2, BatchSize = 50, ValidationSize = 100, LearningRate = 3e-3f, Seed = 5, Augment = false };

    private TrainingResult Train(TrainingOptions options, string name, bool resume = false, CancellationToken cancellation = default)
    {
        var (images, labels) = Bars(600, 1);
        return new Trainer(options, Path.Combine(directory, name), Path.Combine(directory, name + ".ckpt"))
            .Run(images, labels, null, resume, cancellation);
    }

    private float[] Weights(string name) => DigitModel.Load(Path.Combine(directory, name)).Network.State().SelectMany(s => s.Values).ToArray();

    [Fact]
    public void Training_learns_a_learnable_task_and_saves_the_best_model()
    {
        var result = Train(Options with { Epochs = 3 }, "a.safetensors");
        Assert.True(result.Completed);
        Assert.True(result.BestValidationAccuracy > 0.9f, $"validation accuracy {result.BestValidationAccuracy}");
        var model = DigitModel.Load(result.ModelPath);
        Assert.Equal("5", model.Info.Training["seed"]);
        Assert.Equal(result.BestValidationAccuracy.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), model.Info.Training["validation_accuracy"]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        Train(Options, "a.safetensors");
        Train(Options, "b.safetensors");
        Assert.Equal(Weights("a.safetensors"), Weights("b.safetensors"));
        Train(Options with { Seed = 6 }, "c.safetensors");
        Assert.NotEqual(Weights("a.safetensors"), Weights("c.safetensors"));
    }

    [Fact]
    public void Resuming_from_an_epoch_checkpoint_gives_the_same_model_as_an_uninterrupted_run()
    {
        Train(Options, "full.safetensors");
        // Interrupt before the first batch of epoch 2 by cancelling once epoch 1's checkpoint exists.
        using var cancel = new CancellationTokenSource();
        var (images, labels) = Bars(600, 1);
        string part = Path.Combine(directory, "part.safetensors");
        var progress = new Progress(p => { if (p.EpochEnd && p.Epoch == 1) cancel.Cancel(); });
        var first = new Trainer(Options, part, part + ".ckpt").Run(images, labels, progress, false, cancel.Token);
        Assert.False(first.Completed);
        var second = new Trainer(Options, part, part + ".ckpt").Run(images, labels, null, resume: true, CancellationToken.None);
        Assert.True(second.Completed);
        Assert.Equal(Weights("full.safetensors"), Weights("part.safetensors"));
    }

    [Fact]
    public void Resuming_with_other_options_is_refused()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Train(Options, "x.safetensors", cancellation: cancel.Token);
        Assert.True(File.Exists(Path.Combine(directory, "x.safetensors.ckpt")));
        var e = Assert.Throws<DigitReader.NeuralNetwork.Serialization.ModelFormatException>(() => Train(Options with { Seed = 9 }, "x.safetensors", resume: true));
        Assert.Contains("other options", e.Message);
    }

    [Fact]
    public void Too_little_data_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Train(Options with { ValidationSize = 580 }, "y.safetensors"));
        Assert.Contains("fewer than one batch", e.Message);
    }

    [Fact]
    public void The_defaults_are_the_recipe_of_the_bundled_model()
    {
        // Model card: `digits train -o model.safetensors` repeats the bundled model's first network and
        // `--seed N` its N-th. Each file records the options it was trained with; the output path and
        // checkpoint are not options.
        var members = DigitReader.Recognition.DigitRecognizer.LoadDefault().Members;
        for (int i = 0; i < members.Count; i++)
        {
            var recorded = System.Text.Json.JsonSerializer.Deserialize<TrainingOptions>(members[i].Training["options"]);
            Assert.Equal(new TrainingOptions() with { Seed = i + 1 }, recorded);
        }
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void A_share_of_wide_strokes_outside_0_to_1_is_refused(float share)
    {
        var e = Assert.Throws<ArgumentException>(() => Train(Options with { WideStrokes = share }, "w.safetensors"));
        Assert.Contains("from 0 to 1", e.Message);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
