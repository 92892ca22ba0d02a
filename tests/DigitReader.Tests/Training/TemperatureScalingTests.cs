using DigitReader.NeuralNetwork;
using DigitReader.Training;

namespace DigitReader.Tests.Training;

public class TemperatureScalingTests
{
    [Fact]
    public void Fit_recovers_the_temperature_that_generated_the_labels()
    {
        // Labels drawn from softmax(z / 2): the likelihood is maximised near T = 2.
        var random = new Random(8);
        int n = 4000, k = 10;
        var logits = new float[n * k];
        var labels = new byte[n];
        var p = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++) logits[i * k + j] = (float)(random.NextDouble() * 8);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += p[j] = Math.Exp(logits[i * k + j] / 2.0);
            double u = random.NextDouble() * sum;
            int label = 0;
            while (label < k - 1 && (u -= p[label]) > 0) label++;
            labels[i] = (byte)label;
        }
        Assert.InRange(TemperatureScaling.Fit(logits, labels), 1.8f, 2.2f);
    }

    [Fact]
    public void Temperature_changes_confidence_but_never_the_predicted_class()
    {
        var network = Architectures.Create(Architectures.Default);
        Initialization.HeNormal(network, seed: 9);
        var info = new ModelInfo { Architecture = Architectures.Default, Layers = network.Specs };
        var model = new DigitModel(network, info);
        var sharp = model.Copy(info with { Temperature = 0.5f });
        var input = new float[784];
        for (int i = 0; i < 784; i += 3) input[i] = 1f;
        var p = model.Predict(input);
        var q = sharp.Predict(input);
        int best = Array.IndexOf(p, p.Max());
        Assert.Equal(best, Array.IndexOf(q, q.Max()));
        Assert.True(q[best] > p[best]);
    }
}
