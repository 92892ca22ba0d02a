namespace DigitReader.Recognition;

/// <summary>
/// The network's answer for one digit: the most probable class, its probability and all ten softmax
/// probabilities (index = digit, each 0–1, summing to 1).
/// </summary>
public sealed record Prediction(int Digit, float Confidence, float[] Probabilities)
{
    /// <summary>Below this confidence a result is reported as uncertain (0–1).</summary>
    public const float LowConfidence = 0.80f;

    /// <summary>When the runner-up is within this margin of the top class the two are reported as close (0–1).</summary>
    public const float CloseMargin = 0.25f;

    /// <summary>Builds a prediction from ten probabilities.</summary>
    public static Prediction FromProbabilities(float[] probabilities)
    {
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return new Prediction(best, probabilities[best], probabilities);
    }

    /// <summary>The second most probable digit.</summary>
    public int RunnerUp
    {
        get
        {
            int second = Digit == 0 ? 1 : 0;
            for (int i = 0; i < Probabilities.Length; i++)
                if (i != Digit && Probabilities[i] > Probabilities[second]) second = i;
            return second;
        }
    }

    /// <summary>True when the confidence is low or the runner-up is close: "probably 4, could be 9".</summary>
    public bool IsUncertain => Confidence < LowConfidence || Confidence - Probabilities[RunnerUp] < CloseMargin;
}
