namespace DigitReader.Evaluation;

/// <summary>
/// The counts behind ROC and precision–recall curves for one class against the rest: the scores sorted
/// from high to low and, at each distinct score used as a threshold ("predict positive when score ≥ t"),
/// the cumulative true and false positives. Tied scores form one threshold, so ties never create a
/// step that depends on the order of the items (Fawcett, "An introduction to ROC analysis", 2006, Alg. 2).
/// </summary>
internal sealed class ThresholdSweep
{
    private ThresholdSweep(double[] thresholds, int[] truePositives, int[] falsePositives, int positives, int negatives)
    {
        Thresholds = thresholds;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>Distinct scores, descending.</summary>
    public double[] Thresholds { get; }

    /// <summary>Positives with score ≥ Thresholds[k].</summary>
    public int[] TruePositives { get; }

    /// <summary>Negatives with score ≥ Thresholds[k].</summary>
    public int[] FalsePositives { get; }

    /// <summary>All positives.</summary>
    public int Positives { get; }

    /// <summary>All negatives.</summary>
    public int Negatives { get; }

    /// <exception cref="ArgumentException">A score is NaN (it has no place in the order), or the spans differ in length.</exception>
    public static ThresholdSweep Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isPositive)
    {
        foreach (var s in scores)
            if (float.IsNaN(s)) throw new ArgumentException("A score is NaN.", nameof(scores));
        if (scores.Length != isPositive.Length)
            throw new ArgumentException($"{scores.Length} scores but {isPositive.Length} labels.", nameof(isPositive));
        var keys = scores.ToArray();
        var positive = isPositive.ToArray();
        // Sort descending by score; the order within a tie does not matter since a tie is one threshold.
        Array.Sort(keys, positive, Comparer<float>.Create((a, b) => b.CompareTo(a)));

        var thresholds = new List<double>();
        var tps = new List<int>();
        var fps = new List<int>();
        int tp = 0, fp = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (positive[i]) tp++; else fp++;
            if (i == keys.Length - 1 || keys[i + 1] != keys[i])
            {
                thresholds.Add(keys[i]);
                tps.Add(tp);
                fps.Add(fp);
            }
        }
        return new ThresholdSweep([.. thresholds], [.. tps], [.. fps], tp, fp);
    }
}
