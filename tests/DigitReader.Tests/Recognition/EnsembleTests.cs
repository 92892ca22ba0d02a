using DigitReader.NeuralNetwork;
using DigitReader.Recognition;

namespace DigitReader.Tests.Recognition;

public class EnsembleTests
{
    private static DigitModel RandomModel(int seed, IReadOnlyList<string>? labels = null)
    {
        var network = Architectures.Create("pytorch-example");
        Initialization.HeNormal(network, seed);
        var info = new ModelInfo { Architecture = "pytorch-example", Layers = network.Specs, Temperature = 0.5f + seed * 0.1f };
        return new DigitModel(network, labels is null ? info : info with { Labels = labels });
    }

    private static float[] Inputs(int count)
    {
        var random = new Random(9);
        var inputs = new float[count * DigitModel.InputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle();
        return inputs;
    }

    [Fact]
    public void An_ensemble_averages_its_members_probabilities()
    {
        var a = RandomModel(1);
        var b = RandomModel(2);
        var inputs = Inputs(3);
        var expectedA = a.Copy().Predict(inputs);
        var expectedB = b.Copy().Predict(inputs);

        var ensemble = new DigitRecognizer([a, b], "two").PredictBatch(inputs);

        Assert.Equal(30, ensemble.Length);
        for (int i = 0; i < ensemble.Length; i++) Assert.Equal((expectedA[i] + expectedB[i]) / 2, ensemble[i], 6);
        // The members disagree on these random inputs, so the average is neither member's answer.
        Assert.NotEqual(expectedA, ensemble);
        for (int n = 0; n < 3; n++) Assert.Equal(1f, ensemble.AsSpan(n * 10, 10).ToArray().Sum(), 5);
    }

    [Fact]
    public void One_member_gives_exactly_that_models_probabilities()
    {
        var model = RandomModel(3);
        var inputs = Inputs(2);
        var expected = model.Copy().Predict(inputs);
        Assert.Equal(expected, new DigitRecognizer([model], "one").PredictBatch(inputs));
    }

    [Fact]
    public void Members_must_share_their_labels()
    {
        var letters = Enumerable.Range(0, 10).Select(i => ((char)('a' + i)).ToString()).ToArray();
        var e = Assert.Throws<ArgumentException>(() => new DigitRecognizer([RandomModel(1), RandomModel(2, letters)], "mixed"));
        Assert.Contains("labels", e.Message);
        Assert.Throws<ArgumentException>(() => new DigitRecognizer(Array.Empty<DigitModel>(), "none"));
    }

    [Fact]
    public void Several_files_load_as_one_ensemble_named_after_them()
    {
        string directory = Directory.CreateTempSubdirectory("ensemble").FullName;
        try
        {
            string first = Path.Combine(directory, "first.safetensors"), second = Path.Combine(directory, "second.safetensors");
            RandomModel(1).Save(first);
            RandomModel(2).Save(second);
            var recognizer = DigitRecognizer.Load(first, second);
            Assert.Equal("first.safetensors + second.safetensors", recognizer.Name);
            Assert.Equal(2, recognizer.Members.Count);
            Assert.Equal(0.6f, recognizer.Members[0].Temperature);
            Assert.Equal(0.7f, recognizer.Members[1].Temperature);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void The_bundled_model_has_a_member_for_each_bundled_file()
    {
        string models = Path.Combine(Realistic.RealisticAccuracyTests.RepositoryRoot()!, "models");
        int files = Directory.GetFiles(models, "digitreader-default*.safetensors").Length;
        var recognizer = DigitRecognizer.LoadDefault();
        Assert.Equal(files, recognizer.Members.Count);
        Assert.EndsWith("(bundled)", recognizer.Name);
    }
}
