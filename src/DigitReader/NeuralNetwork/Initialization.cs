using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.NeuralNetwork;

/// <summary>
/// Weight initialisation. Convolution and linear weights feeding a ReLU use He (Kaiming) normal
/// initialisation, N(0, 2/fan_in) (He et al., "Delving deep into rectifiers", 2015); biases start at 0.
/// </summary>
public static class Initialization
{
    /// <summary>Initialises every Conv2d and Linear layer of <paramref name="network"/> from <paramref name="seed"/>.</summary>
    public static void HeNormal(Sequential network, int seed)
    {
        var random = new Random(seed);
        foreach (var layer in network.Layers)
        {
            var (weight, fanIn) = layer switch
            {
                Conv2d c => (c.Weight, c.InChannels * c.KernelSize * c.KernelSize),
                Linear l => (l.Weight, l.InFeatures),
                _ => (null, 0),
            };
            if (weight is null) continue;
            float std = MathF.Sqrt(2f / fanIn);
            for (int i = 0; i < weight.Value.Length; i++) weight.Value[i] = std * Gaussian(random);
        }
    }

    /// <summary>A standard normal sample by the Box–Muller transform.</summary>
    public static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
