using DigitReader.Imaging;
using DigitReader.Preprocessing;

namespace DigitReader.Recognition;

/// <summary>Wall time of each pipeline stage, in milliseconds.</summary>
public sealed record StageTimings(double DecodeMs, double PreprocessMs, double InferenceMs);

/// <summary>The whole story of one recognised image: what it was, what the model saw and what it said.</summary>
public sealed class RecognitionResult
{
    /// <summary>The network's answer.</summary>
    public required Prediction Prediction { get; init; }

    /// <summary>The normalisation's intermediate images and the 28 × 28 input.</summary>
    public required NormalisedDigit Normalised { get; init; }

    /// <summary>
    /// The decoded image in grayscale at its full size (BT.601 luma, transparency composited onto white),
    /// row-major. <see cref="NormalisedDigit.Grayscale"/> may be a downscaled copy or a sheet cut out of it;
    /// this is the whole upload, for showing it.
    /// </summary>
    public required GrayImage Source { get; init; }

    /// <summary>The detected file format.</summary>
    public required ImageFormat Format { get; init; }

    /// <summary>The decoded image's width, pixels.</summary>
    public int Width => Source.Width;

    /// <summary>The decoded image's height, pixels.</summary>
    public int Height => Source.Height;

    /// <summary>Time spent in each stage.</summary>
    public required StageTimings Timings { get; init; }
}
