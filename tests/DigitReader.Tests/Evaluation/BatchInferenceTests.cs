using DigitReader.Data;
using DigitReader.Evaluation;

namespace DigitReader.Tests.Evaluation;

public sealed class BatchInferenceTests
{
    private static IdxImages Images(int count)
    {
        var pixels = new byte[count * 784];
        for (int i = 0; i < count; i++) pixels[i * 784] = (byte)(i * 25); // first pixel tells the image apart
        return new IdxImages(count, 28, 28, pixels);
    }

    [Fact]
    public void Runs_in_batches_scales_to_0_1_and_keeps_the_order()
    {
        var batchSizes = new List<int>();
        var progress = new List<int>();
        // The fake model puts all its probability on digit (first pixel × 10) mod 10.
        float[] Classify(ReadOnlySpan<float> inputs)
        {
            int n = inputs.Length / 784;
            batchSizes.Add(n);
            var output = new float[n * 10];
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(inputs[i * 784], 0f, 1f);
                output[i * 10 + (int)MathF.Round(inputs[i * 784] * 255 / 25) % 10] = 1;
            }
            return output;
        }

        var probabilities = BatchInference.Classify(Images(7), Classify, batchSize: 3, progress: new SyncProgress(progress));

        Assert.Equal([3, 3, 1], batchSizes);
        Assert.Equal([3, 6, 7], progress);
        for (int i = 0; i < 7; i++) Assert.Equal(1f, probabilities[i * 10 + i]);
    }

    [Fact]
    public void A_classifier_returning_the_wrong_shape_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => BatchInference.Classify(Images(2), inputs => new float[10]));
        Assert.Contains("returned 10 values for a batch of 2; expected 20", e.Message);
        Assert.Throws<ArgumentException>(() => BatchInference.Classify(new IdxImages(1, 20, 20, new byte[400]), inputs => new float[10]));
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
