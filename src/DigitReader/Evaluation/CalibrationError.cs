namespace DigitReader.Evaluation;

/// <summary>One confidence bin of a reliability diagram.</summary>
/// <param name="Lower">Lower edge (excluded, except 0 for the first bin), 0–1.</param>
/// <param name="Upper">Upper edge (included), 0–1.</param>
/// <param name="Count">Items whose confidence falls in the bin.</param>
/// <param name="MeanConfidence">Mean top-class probability of those items, 0–1 (0 when empty).</param>
/// <param name="Accuracy">Fraction of those items classified correctly, 0–1 (0 when empty).</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// Expected calibration error (Guo, Pleiss, Sun and Weinberger, "On calibration of modern neural
/// networks", ICML 2017, §2): the confidence of each item is its top-class probability; items are put in
/// M equal-width bins Bₘ = ((m − 1)/M, m/M]; ECE = Σₘ |Bₘ|/N · |acc(Bₘ) − conf(Bₘ)|. A model whose
/// 90 %-confident answers are right 90 % of the time scores 0.
/// </summary>
public sealed class CalibrationError
{
    /// <summary>The number of bins Guo et al. use, 15.</summary>
    public const int DefaultBinCount = 15;

    private CalibrationError(double expected, double maximum, IReadOnlyList<CalibrationBin> bins)
    {
        Expected = expected;
        Maximum = maximum;
        Bins = bins;
    }

    /// <summary>ECE, 0–1: the count-weighted mean gap between accuracy and confidence.</summary>
    public double Expected { get; }

    /// <summary>Maximum calibration error (MCE, same paper), 0–1: the largest gap over the non-empty bins.</summary>
    public double Maximum { get; }

    /// <summary>The bins, lowest confidence first; empty bins included so the diagram has every column.</summary>
    public IReadOnlyList<CalibrationBin> Bins { get; }

    /// <summary>Bins the items by confidence and computes ECE and MCE.</summary>
    /// <param name="probabilities">[N, K] row-major, each 0–1.</param>
    /// <param name="labels">[N], each below K.</param>
    /// <param name="classCount">K.</param>
    /// <param name="binCount">M.</param>
    /// <exception cref="ArgumentException">The shapes disagree, a value is out of range, or N is 0.</exception>
    public static CalibrationError Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> labels, int classCount = 10, int binCount = DefaultBinCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        int n = ProbabilityRows.Validate(probabilities, labels, classCount);
        if (n == 0) throw new ArgumentException("No items; calibration is undefined.", nameof(labels));

        var counts = new int[binCount];
        var confidenceSums = new double[binCount];
        var correct = new int[binCount];
        for (int i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            int predicted = ProbabilityRows.ArgMax(row);
            double confidence = row[predicted];
            // Bin m (1-based) holds ((m − 1)/M, m/M], so the index is ⌈conf·M⌉ − 1; 0 goes in the first bin.
            int bin = Math.Clamp((int)Math.Ceiling(confidence * binCount) - 1, 0, binCount - 1);
            counts[bin]++;
            confidenceSums[bin] += confidence;
            if (predicted == labels[i]) correct[bin]++;
        }

        var bins = new CalibrationBin[binCount];
        double expected = 0, maximum = 0;
        for (int m = 0; m < binCount; m++)
        {
            double meanConfidence = counts[m] == 0 ? 0 : confidenceSums[m] / counts[m];
            double accuracy = counts[m] == 0 ? 0 : (double)correct[m] / counts[m];
            bins[m] = new CalibrationBin((double)m / binCount, (double)(m + 1) / binCount, counts[m], meanConfidence, accuracy);
            if (counts[m] == 0) continue;
            double gap = Math.Abs(accuracy - meanConfidence);
            expected += (double)counts[m] / n * gap;
            maximum = Math.Max(maximum, gap);
        }
        return new CalibrationError(expected, maximum, bins);
    }
}
