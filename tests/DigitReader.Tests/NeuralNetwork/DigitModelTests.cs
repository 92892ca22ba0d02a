using DigitReader.NeuralNetwork;

namespace DigitReader.Tests.NeuralNetwork;

public class DigitModelTests
{
    [Theory]
    [InlineData("digitnet")]
    [InlineData("pytorch-example")]
    public void Batch_one_inference_agrees_with_batched_inference(string architecture)
    {
        // Batch 1 splits filters across cores; larger batches split images. Both must give the same answer.
        var network = Architectures.Create(architecture);
        Initialization.HeNormal(network, seed: 3);
        var model = new DigitModel(network, new ModelInfo { Architecture = architecture, Layers = network.Specs });
        var random = new Random(2);
        var inputs = new float[4 * 784];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle();
        var batched = model.Predict(inputs);
        for (int i = 0; i < 4; i++)
        {
            var single = model.Predict(inputs.AsSpan(i * 784, 784));
            for (int k = 0; k < 10; k++) Assert.Equal(batched[i * 10 + k], single[k], 5);
        }
    }

    [Fact]
    public void Probabilities_are_a_distribution_per_image()
    {
        var network = Architectures.Create(Architectures.Default);
        Initialization.HeNormal(network, seed: 4);
        var model = new DigitModel(network, new ModelInfo { Architecture = Architectures.Default, Layers = network.Specs });
        var p = model.Predict(new float[2 * 784]);
        Assert.Equal(20, p.Length);
        Assert.Equal(1f, p.AsSpan(0, 10).ToArray().Sum(), 5);
        Assert.All(p, q => Assert.InRange(q, 0f, 1f));
        Assert.Throws<ArgumentException>(() => model.Predict(new float[783]));
    }
}
