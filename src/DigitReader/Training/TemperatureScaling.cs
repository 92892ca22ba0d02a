using DigitReader.Data;
using DigitReader.NeuralNetwork;

namespace DigitReader.Training;

/// <summary>
/// Temperature scaling (Guo, Pleiss, Sun and Weinberger, "On calibration of modern neural networks",
/// ICML 2017): one scalar T &gt; 0 chosen to minimise the negative log-likelihood of held-out labels under
/// softmax(logits / T). Label smoothing leaves a network under-confident; T &lt; 1 undoes that without
/// changing any prediction.
/// </summary>
public static class TemperatureScaling
{
    /// <summary>Fits T on images [from, to) of <paramref name="images"/> (golden-section search over 0.05–10, log scale).</summary>
    public static float Fit(DigitModel model, IdxImages images, byte[] labels, int from, int to) =>
        Fit(Logits(model, images, from, to), labels.AsSpan(from, to - from));

    /// <summary>The model's raw logits <c>[to − from, 10]</c> for images [from, to), computed in chunks of 500.</summary>
    public static float[] Logits(DigitModel model, IdxImages images, int from, int to)
    {
        const int chunk = 500;
        var logits = new float[(to - from) * 10];
        var pixels = new float[chunk * 784];
        for (int start = from; start < to; start += chunk)
        {
            int n = Math.Min(chunk, to - start);
            var src = images.Pixels.AsSpan(start * 784, n * 784);
            for (int j = 0; j < src.Length; j++) pixels[j] = src[j] / 255f;
            model.Logits(pixels.AsSpan(0, n * 784)).CopyTo(logits, (start - from) * 10);
        }
        return logits;
    }

    /// <summary>Fits T to logits <c>[N, K]</c> row-major and their labels.</summary>
    public static float Fit(ReadOnlySpan<float> logits, ReadOnlySpan<byte> labels)
    {
        var z = logits.ToArray();
        var y = labels.ToArray();
        double lo = Math.Log(0.05), hi = Math.Log(10), phi = (Math.Sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        double fa = NegativeLogLikelihood(z, y, Math.Exp(a)), fb = NegativeLogLikelihood(z, y, Math.Exp(b));
        for (int i = 0; i < 60; i++)
        {
            if (fa < fb) { hi = b; b = a; fb = fa; a = hi - phi * (hi - lo); fa = NegativeLogLikelihood(z, y, Math.Exp(a)); }
            else { lo = a; a = b; fa = fb; b = lo + phi * (hi - lo); fb = NegativeLogLikelihood(z, y, Math.Exp(b)); }
        }
        return (float)Math.Exp((lo + hi) / 2);
    }

    /// <summary>Mean −log softmax(z / T)[label] over the rows.</summary>
    public static double NegativeLogLikelihood(float[] logits, byte[] labels, double temperature)
    {
        int k = logits.Length / labels.Length;
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < k; j++) max = Math.Max(max, logits[i * k + j] / temperature);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Exp(logits[i * k + j] / temperature - max);
            total -= logits[i * k + labels[i]] / temperature - max - Math.Log(sum);
        }
        return total / labels.Length;
    }
}
