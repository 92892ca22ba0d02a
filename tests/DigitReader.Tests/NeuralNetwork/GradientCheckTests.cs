using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>
/// Every layer's backward pass against central finite differences of a random linear functional of its
/// output, L = Σ wᵢ·yᵢ, so ∂L/∂y = w. Computed in double from float forward passes.
/// </summary>
public class GradientCheckTests
{
    public static TheoryData<string> Layers => new() { "conv", "conv-stride2", "conv-nobias", "batchnorm", "batchnorm-1d", "relu", "maxpool", "linear", "flatten", "dropout" };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Backward_matches_finite_differences(string name)
    {
        var random = new Random(42);
        var (layer, shape) = Create(name, random);
        var input = RandomTensor(shape, random, avoidZero: name is "relu" or "maxpool");
        var output = layer.Forward(input, training: true);
        var weights = new float[output.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = random.NextSingle() * 2 - 1;

        var analyticInput = layer.Backward(new Tensor((float[])weights.Clone(), output.Shape)).Span.ToArray();
        var analyticParams = layer.Parameters.Select(p => (float[])p.Gradient.Clone()).ToList();

        double Loss()
        {
            if (layer is Dropout d) d.Reseed(7);
            var y = layer.Forward(input, training: true);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += weights[i] * (double)y.Span[i];
            return sum;
        }
        if (layer is Dropout dropout)
        {
            // Re-run with the seed the numeric passes use, so the masks match.
            dropout.Reseed(7);
            layer.Forward(input, training: true);
            analyticInput = layer.Backward(new Tensor((float[])weights.Clone(), output.Shape)).Span.ToArray();
        }

        AssertClose(NumericGradient(input.Data, input.Length, Loss), analyticInput, $"{name} ∂L/∂x");
        for (int k = 0; k < layer.Parameters.Count; k++)
            AssertClose(NumericGradient(layer.Parameters[k].Value, layer.Parameters[k].Value.Length, Loss), analyticParams[k], $"{name} ∂L/∂{layer.Parameters[k].Name}");
    }

    [Fact]
    public void Convolution_backward_after_an_evaluation_forward_equals_the_training_one()
    {
        // Evaluation keeps no im2col columns (memory); backward must rebuild them, not read stale ones.
        var random = new Random(12);
        var (layer, _) = Create("conv", random);
        var input = RandomTensor([4, 3, 5, 6], random, avoidZero: false);
        var other = RandomTensor([4, 3, 5, 6], random, avoidZero: false);
        var upstream = RandomTensor([4, 4, 5, 6], random, avoidZero: false);
        layer.Forward(input, training: true);
        var expected = layer.Backward(upstream).Span.ToArray();
        var expectedWeight = (float[])layer.Parameters[0].Gradient.Clone();
        layer.Forward(other, training: true);
        layer.Forward(input, training: false);
        Assert.Equal(expected, layer.Backward(upstream).Span.ToArray());
        Assert.Equal(expectedWeight, layer.Parameters[0].Gradient);
    }

    [Fact]
    public void Cross_entropy_gradient_matches_finite_differences()
    {
        var random = new Random(3);
        var logits = RandomTensor([4, 10], random, avoidZero: false);
        byte[] labels = [3, 0, 9, 3];
        var loss = new CrossEntropyLoss(labelSmoothing: 0.1f);
        loss.Forward(logits, labels);
        var analytic = loss.Gradient.Span.ToArray();
        AssertClose(NumericGradient(logits.Data, logits.Length, () => loss.Forward(logits, labels)), analytic, "cross-entropy ∂L/∂z");
    }

    private static (Layer, int[]) Create(string name, Random random)
    {
        Layer layer = name switch
        {
            "conv" => new Conv2d(3, 4, 3, padding: 1),
            "conv-stride2" => new Conv2d(2, 3, 3, stride: 2, padding: 1),
            "conv-nobias" => new Conv2d(2, 3, 2, bias: false),
            "batchnorm" or "batchnorm-1d" => new BatchNorm2d(3),
            "relu" => new ReLU(),
            "maxpool" => new MaxPool2d(2),
            "linear" => new Linear(12, 5),
            "flatten" => new Flatten(),
            "dropout" => new Dropout(0.3f, seed: 7),
            _ => throw new ArgumentException(name),
        };
        foreach (var p in layer.Parameters)
            for (int i = 0; i < p.Value.Length; i++) p.Value[i] = random.NextSingle() * 2 - 1;
        int[] shape = name switch
        {
            "conv" => [2, 3, 5, 6],
            "conv-stride2" => [2, 2, 7, 5],
            "conv-nobias" => [3, 2, 4, 4],
            "batchnorm" => [4, 3, 3, 2],
            "batchnorm-1d" => [6, 3],
            "linear" => [3, 12],
            _ => [2, 3, 4, 4],
        };
        // The first layer of a network skips its input gradient; checked layers compute it.
        layer.ComputeInputGradient = true;
        return (layer, shape);
    }

    private static Tensor RandomTensor(int[] shape, Random random, bool avoidZero)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++)
        {
            // Distinct values away from ReLU's kink and from pooling ties, so the function is smooth at the point.
            float v = random.NextSingle() * 2 - 1;
            if (avoidZero) v = (v < 0 ? -0.2f : 0.2f) + v + i * 1e-3f;
            t.Data[i] = v;
        }
        return t;
    }

    private static float[] NumericGradient(float[] values, int count, Func<double> loss)
    {
        const float h = 1e-2f;
        var gradient = new float[count];
        for (int i = 0; i < count; i++)
        {
            float saved = values[i];
            values[i] = saved + h;
            double plus = loss();
            values[i] = saved - h;
            double minus = loss();
            values[i] = saved;
            gradient[i] = (float)((plus - minus) / (2 * h));
        }
        return gradient;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-3, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-2 * scale + 1e-3,
                $"{what}[{i}]: numeric {expected[i]:G6}, analytic {actual[i]:G6}");
    }
}
