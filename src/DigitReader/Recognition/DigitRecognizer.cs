using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using DigitReader.Imaging;
using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Layers;
using DigitReader.NeuralNetwork.Serialization;
using DigitReader.Preprocessing;

namespace DigitReader.Recognition;

/// <summary>
/// The whole pipeline a digit travels: file → decode → normalise → network → prediction. The network may
/// be one model or an ensemble of several trained alike from different seeds, whose softmax probabilities
/// are averaged (a deep ensemble: Lakshminarayanan et al., "Simple and scalable predictive uncertainty
/// estimation using deep ensembles", NeurIPS 2017). Thread-safe: each call borrows a private copy of each
/// network (layers reuse buffers), so concurrent requests never share state, and copies are kept for reuse.
/// </summary>
public sealed class DigitRecognizer
{
    /// <summary>
    /// Name of the embedded resource that holds the bundled model's first member; further members are
    /// <c>DigitReader.Models.Default.2</c>, <c>.3</c>, … (models/digitreader-default-2.safetensors, …).
    /// </summary>
    public const string BundledResource = "DigitReader.Models.Default";

    private readonly Member[] members;
    private readonly MnistNormaliser normaliser;

    /// <summary>Wraps a loaded model; <paramref name="name"/> is how results and logs refer to it.</summary>
    public DigitRecognizer(DigitModel model, string name, MnistNormaliser? normaliser = null)
        : this([model], name, normaliser)
    {
    }

    /// <summary>
    /// Wraps an ensemble: each member classifies the same input and their probabilities are averaged.
    /// One member gives exactly that model's probabilities.
    /// </summary>
    /// <exception cref="ArgumentException">No members, or members whose class labels differ.</exception>
    public DigitRecognizer(IReadOnlyList<DigitModel> models, string name, MnistNormaliser? normaliser = null)
    {
        if (models.Count == 0) throw new ArgumentException("An ensemble needs at least one model.", nameof(models));
        if (models.Any(m => !m.Info.Labels.SequenceEqual(models[0].Info.Labels)))
            throw new ArgumentException("The ensemble's models have different class labels.", nameof(models));
        members = models.Select(m => new Member(m)).ToArray();
        Members = models.Select(m => m.Info).ToArray();
        Architecture = Describe(models);
        Name = name;
        this.normaliser = normaliser ?? new MnistNormaliser();
    }

    /// <summary>The model's name, e.g. "2 × digitnet (bundled)" or "a.safetensors + b.safetensors".</summary>
    public string Name { get; }

    /// <summary>What each member's model file says, in the order they were given (one entry for a single model).</summary>
    public IReadOnlyList<ModelInfo> Members { get; }

    /// <summary>The first member's architecture, with the number of members for an ensemble: "digitnet", "2 × digitnet".</summary>
    public string Architecture { get; }

    /// <summary>
    /// Loads the model bundled with the library (models/digitreader-default.safetensors and any
    /// digitreader-default-N.safetensors beside it, embedded at build time).
    /// </summary>
    /// <exception cref="ModelFormatException">The build has no bundled model, or a member is corrupt.</exception>
    public static DigitRecognizer LoadDefault()
    {
        var assembly = typeof(DigitRecognizer).Assembly;
        var models = new List<DigitModel>();
        for (int n = 1; ; n++)
        {
            string resource = n == 1 ? BundledResource : $"{BundledResource}.{n}";
            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is null) break;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            models.Add(DigitModel.Load(memory.GetBuffer().AsSpan(0, (int)memory.Length), n == 1 ? "bundled model" : $"bundled model, member {n}"));
        }
        if (models.Count == 0)
            throw new ModelFormatException("This build of DigitReader has no bundled model (models/digitreader-default.safetensors was missing when it was built).");
        return new DigitRecognizer(models, $"{Describe(models)} (bundled)");
    }

    /// <summary>Loads a model from a safetensors file, or an ensemble from several.</summary>
    /// <exception cref="ModelFormatException">A file is truncated, malformed or does not match its architecture.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">No paths, or models whose class labels differ.</exception>
    public static DigitRecognizer Load(params IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) throw new ArgumentException("No model file given.", nameof(paths));
        var models = paths.Select(DigitModel.Load).ToArray();
        return new DigitRecognizer(models, string.Join(" + ", paths.Select(Path.GetFileName)));
    }

    private static string Describe(IReadOnlyList<DigitModel> models) =>
        models.Count == 1 ? models[0].Info.Architecture : $"{models.Count} × {models[0].Info.Architecture}";

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
            Source = gray,
            Format = format,
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
        var sum = members[0].Predict(inputs);
        if (members.Length == 1) return sum;
        for (int m = 1; m < members.Length; m++) TensorPrimitives.Add(sum, members[m].Predict(inputs), sum);
        TensorPrimitives.Multiply(sum, 1f / members.Length, sum);
        return sum;
    }

    /// <summary>
    /// The first convolution layer's feature maps after its activation (batch normalisation and ReLU, if
    /// they follow it) for a normalised input: one array per output channel, each row-major H × W
    /// (28 × 28 for the default model). For an ensemble, the first member's.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 784 values.</exception>
    public float[][] FirstLayerFeatureMaps(ReadOnlySpan<float> input)
    {
        if (input.Length != DigitModel.InputSize) throw new ArgumentException($"Expected {DigitModel.InputSize} values, got {input.Length}.", nameof(input));
        var member = members[0];
        var model = member.Rent();
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
        finally { member.Return(model); }
    }

    /// <summary>One model of the ensemble with its pool of copies, one per concurrent call.</summary>
    private sealed class Member(DigitModel prototype)
    {
        private readonly ConcurrentBag<DigitModel> pool = [prototype];

        public DigitModel Rent() => pool.TryTake(out var model) ? model : prototype.Copy();

        public void Return(DigitModel model) => pool.Add(model);

        public float[] Predict(ReadOnlySpan<float> inputs)
        {
            var model = Rent();
            try { return model.Predict(inputs); }
            finally { Return(model); }
        }
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
