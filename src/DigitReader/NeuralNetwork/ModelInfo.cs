using System.Text.Json;
using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.NeuralNetwork;

/// <summary>
/// What a model file says about its model, kept in the safetensors <c>__metadata__</c>: the architecture,
/// the input normalisation, the class labels and the facts of its training.
/// </summary>
public sealed record ModelInfo
{
    /// <summary>Metadata key/value of the file format version.</summary>
    public const string FormatKey = "format", FormatValue = "digitreader-model/1";

    /// <summary>Architecture name, e.g. "digitnet".</summary>
    public required string Architecture { get; init; }

    /// <summary>The layers, enough to rebuild the network.</summary>
    public required IReadOnlyList<LayerSpec> Layers { get; init; }

    /// <summary>Input shape without the batch dimension, <c>[1, 28, 28]</c>.</summary>
    public int[] InputShape { get; init; } = [1, 28, 28];

    /// <summary>
    /// Mean subtracted from 0–1 pixels before the network: 0.1307, MNIST's training-set mean, the value
    /// the PyTorch example uses (MNIST itself: LeCun et al., 1998).
    /// </summary>
    public float InputMean { get; init; } = 0.1307f;

    /// <summary>Standard deviation the centred pixels are divided by: 0.3081, MNIST's training-set value.</summary>
    public float InputStd { get; init; } = 0.3081f;

    /// <summary>
    /// Softmax temperature T: probabilities are softmax(logits / T). Fitted on the validation images after
    /// training (temperature scaling, Guo et al., "On calibration of modern neural networks", ICML 2017)
    /// so a reported 0.95 is right about 95% of the time; 1 = uncalibrated. Never changes the predicted class.
    /// </summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Class labels, index = output unit: "0" … "9".</summary>
    public IReadOnlyList<string> Labels { get; init; } = Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray();

    /// <summary>Training facts (date, seed, epochs, command, final metrics), free-form strings.</summary>
    public IReadOnlyDictionary<string, string> Training { get; init; } = new Dictionary<string, string>();

    /// <summary>The metadata map written to the file.</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var map = new Dictionary<string, string>
        {
            [FormatKey] = FormatValue,
            ["architecture"] = Architecture,
            ["layers"] = JsonSerializer.Serialize(Layers),
            ["input_shape"] = JsonSerializer.Serialize(InputShape),
            ["input_mean"] = InputMean.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["input_std"] = InputStd.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["labels"] = JsonSerializer.Serialize(Labels),
            ["temperature"] = Temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in Training) map["training." + k] = v;
        return map;
    }

    /// <summary>Reads the metadata map of a file.</summary>
    /// <exception cref="Serialization.ModelFormatException">A required key is missing or malformed.</exception>
    public static ModelInfo FromMetadata(IReadOnlyDictionary<string, string> map, string name)
    {
        string Get(string key) => map.TryGetValue(key, out var v) ? v : throw new Serialization.ModelFormatException($"{name}: metadata has no \"{key}\"; this is not a DigitReader model file.");
        if (Get(FormatKey) != FormatValue) throw new Serialization.ModelFormatException($"{name}: format \"{map[FormatKey]}\" is not {FormatValue}.");
        try
        {
            var info = new ModelInfo
            {
                Architecture = Get("architecture"),
                Layers = JsonSerializer.Deserialize<LayerSpec[]>(Get("layers")) ?? throw new JsonException("null layers"),
                InputShape = JsonSerializer.Deserialize<int[]>(Get("input_shape")) ?? throw new JsonException("null input_shape"),
                InputMean = float.Parse(Get("input_mean"), System.Globalization.CultureInfo.InvariantCulture),
                InputStd = float.Parse(Get("input_std"), System.Globalization.CultureInfo.InvariantCulture),
                Labels = JsonSerializer.Deserialize<string[]>(Get("labels")) ?? throw new JsonException("null labels"),
                Temperature = map.TryGetValue("temperature", out var t) ? float.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 1f,
                Training = map.Where(kv => kv.Key.StartsWith("training.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["training.".Length..], kv => kv.Value),
            };
            if (info.InputShape is not [1, 28, 28]) throw new Serialization.ModelFormatException($"{name}: input shape {Tensor.Describe(info.InputShape)} is not [1, 28, 28].");
            if (!(info.Temperature > 0)) throw new Serialization.ModelFormatException($"{name}: temperature must be positive.");
            if (info.InputStd <= 0) throw new Serialization.ModelFormatException($"{name}: input_std must be positive.");
            return info;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new Serialization.ModelFormatException($"{name}: malformed metadata ({e.Message}).", e);
        }
    }
}
