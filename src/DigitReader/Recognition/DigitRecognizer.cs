using DigitReader.Imaging;

namespace DigitReader.Recognition;

/// <summary>Placeholder: the full pipeline, file → decode → normalise → network → prediction. Thread-safe.</summary>
public sealed class DigitRecognizer
{
    /// <summary>Loads the model bundled with the library.</summary>
    public static DigitRecognizer LoadDefault() => throw new NotImplementedException();

    /// <summary>Loads a model from a safetensors file.</summary>
    public static DigitRecognizer Load(string path) => throw new NotImplementedException();

    /// <summary>Recognises the digit in an image file held in memory.</summary>
    /// <exception cref="ImageDecodeException">The file cannot be decoded.</exception>
    /// <exception cref="Preprocessing.NoDigitFoundException">The image holds no ink.</exception>
    public RecognitionResult Recognize(ReadOnlySpan<byte> file, DecodeLimits? limits = null) => throw new NotImplementedException();

    /// <summary>Classifies a normalised input: 784 values in 0–1, row-major 28 × 28, ink bright.</summary>
    public Prediction Predict(ReadOnlySpan<float> input) => throw new NotImplementedException();

    /// <summary>
    /// Classifies a batch of normalised inputs, <c>[N, 784]</c> row-major (each 28 × 28, 0–1, ink bright),
    /// and returns the softmax probabilities <c>[N, 10]</c> row-major.
    /// </summary>
    public float[] PredictBatch(ReadOnlySpan<float> inputs) => throw new NotImplementedException();

    /// <summary>
    /// The first convolution layer's feature maps (after its activation) for a normalised input:
    /// one array per output channel, each row-major H × W (28 × 28 for the default model).
    /// </summary>
    public float[][] FirstLayerFeatureMaps(ReadOnlySpan<float> input) => throw new NotImplementedException();
}
