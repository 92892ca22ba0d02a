using System.Collections.Concurrent;
using System.Diagnostics;
using DigitReader.Imaging;
using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Layers;
using DigitReader.NeuralNetwork.Serialization;
using DigitReader.Preprocessing;

namespace DigitReader.Recognition;

/// <summary>
/// The whole pipeline a digit travels: file → decode → normalise → network → prediction. Thread-safe:
/// each call borrows a private copy of the network (layers reuse buffers), so concurrent requests never
/// share state, and copies are kept for reuse.
/// </summary>
public sealed class DigitRecognizer
{
    /// <summary>Name of the embedded resource that holds the bundled model.</summary>
    public const string BundledResource = "DigitReader.Models.Default";

    private readonly DigitModel prototype;
    private readonly ConcurrentBag<DigitModel> pool = [];
    private readonly MnistNormaliser normaliser;

    /// <summary>Wraps a loaded model; <paramref name="name"/> is how results and logs refer to it.</summary>
    public DigitRecognizer(DigitModel model, string name, MnistNormaliser? normaliser = null)
    {
        prototype = model;
        Name = name;
        this.normaliser = normaliser ?? new MnistNormaliser();
        pool.Add(model);
    }

    /// <summary>The model's name, e.g. "digitnet (bundled)".</summary>
    public string Name { get; }

    /// <summary>What the model file says about the model.</summary>
    public ModelInfo Model => prototype.Info;

    /// <summary>Loads the model bundled with the library (models/digitreader-default.safetensors, embedded at build time).</summary>
    /// <exception cref="ModelFormatException">The build has no bundled model, or it is corrupt.</exception>
    public static DigitRecognizer LoadDefault()
    {
        using var stream = typeof(DigitRecognizer).Assembly.GetManifestResourceStream(BundledResource)
            ?? throw new ModelFormatException("This build of DigitReader has no bundled model (models/digitreader-default.safetensors was missing when it was built).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var model = DigitModel.Load(memory.GetBuffer().AsSpan(0, (int)memory.Length), "bundled model");
        return new DigitRecognizer(model, $"{model.Info.Architecture} (bundled)");
    }

    /// <summary>Loads a model from a safetensors file.</summary>
    /// <exception cref="ModelFormatException">The file is truncated, malformed or does not match its architecture.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DigitRecognizer Load(string path) => new(DigitModel.Load(path), $"{Path.GetFileName(path)}");

    /// <summary>Recognises the digit in an image file held in memory.</summary>
    /// <exception cref="ImageDecodeException">The file cannot be decoded (empty, too large, unsupported, truncated, corrupt).</exception>
    /// <exception cref="NoDigitFoundException">The image holds no ink.</exception>
    public RecognitionResult Recognize(ReadOnlySpan<byte> file, DecodeLimits? limits = null)
    {
        long start = Stopwatch.GetTimestamp();
        var gray = ImageDecoder.DecodeGray(file, limits, out var format);
        long decoded = Stopwatch.GetTimestamp();
        var normalised = normaliser.Normalise(gray);
        long preprocessed = Stopwatch.GetTimestamp();
        var prediction = Predict(normalised.Input);
        long inferred = Stopwatch.GetTimestamp();
        return new RecognitionResult
        {
            Prediction = prediction,
            Normalised = normalised,
            Format = format,
            Width = gray.Width,
            Height = gray.Height,
            Timings = new StageTimings(Milliseconds(start, decoded), Milliseconds(decoded, preprocessed), Milliseconds(preprocessed, inferred)),
        };
    }

    /// <summary>Classifies a normalised input: 784 values in 0–1, row-major 28 × 28, ink bright.</summary>
    /// <exception cref="ArgumentException">The input is not 784 values.</exception>
    public Prediction Predict(ReadOnlySpan<float> input)
    {
        if (input.Length != DigitModel.InputSize) throw new ArgumentException($"Expected {DigitModel.InputSize} values, got {input.Length}.", nameof(input));
        return Prediction.FromProbabilities(PredictBatch(input));
    }

    /// <summary>
    /// Classifies a batch of normalised inputs, <c>[N, 784]</c> row-major (each 28 × 28, 0–1, ink bright),
    /// and returns the softmax probabilities <c>[N, 10]</c> row-major.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not a positive multiple of 784.</exception>
    public float[] PredictBatch(ReadOnlySpan<float> inputs)
    {
        var model = Rent();
        try { return model.Predict(inputs); }
        finally { pool.Add(model); }
    }

    /// <summary>
    /// The first convolution layer's feature maps after its activation (batch normalisation and ReLU, if
    /// they follow it) for a normalised input: one array per output channel, each row-major H × W
    /// (28 × 28 for the default model).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 784 values.</exception>
    public float[][] FirstLayerFeatureMaps(ReadOnlySpan<float> input)
    {
        if (input.Length != DigitModel.InputSize) throw new ArgumentException($"Expected {DigitModel.InputSize} values, got {input.Length}.", nameof(input));
        var model = Rent();
        try
        {
            var layers = model.Network.Layers;
            int last = 0;
            while (last < layers.Count && layers[last] is not Conv2d) last++;
            while (last + 1 < layers.Count && layers[last + 1] is BatchNorm2d or ReLU) last++;
            var maps = model.ForwardTo(input, last);
            int channels = maps.Shape[1], size = maps.Shape[2] * maps.Shape[3];
            return Enumerable.Range(0, channels).Select(c => maps.Span.Slice(c * size, size).ToArray()).ToArray();
        }
        finally { pool.Add(model); }
    }

    private DigitModel Rent() => pool.TryTake(out var model) ? model : prototype.Copy();

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
