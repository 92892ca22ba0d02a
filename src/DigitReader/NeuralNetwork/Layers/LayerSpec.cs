using System.Text.Json.Serialization;

namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// The description of one layer as stored in a model file's metadata, enough to rebuild it:
/// e.g. <c>{"type":"Conv2d","in":1,"out":32,"kernel":3,"padding":1,"bias":false}</c>.
/// </summary>
public sealed record LayerSpec
{
    /// <summary>The layer type: Conv2d, BatchNorm2d, BatchNorm1d, ReLU, MaxPool2d, Dropout, Flatten, Linear.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }

    /// <summary>Input channels or features.</summary>
    [JsonPropertyName("in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int In { get; init; }

    /// <summary>Output channels or features.</summary>
    [JsonPropertyName("out"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Out { get; init; }

    /// <summary>Square kernel size, pixels.</summary>
    [JsonPropertyName("kernel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Kernel { get; init; }

    /// <summary>Stride, pixels (0 in the file means the layer's default).</summary>
    [JsonPropertyName("stride"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Stride { get; init; }

    /// <summary>Zero padding on each side, pixels.</summary>
    [JsonPropertyName("padding"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Padding { get; init; }

    /// <summary>Whether the layer has a bias.</summary>
    [JsonPropertyName("bias"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Bias { get; init; }

    /// <summary>Dropout probability (0–1).</summary>
    [JsonPropertyName("p"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public float P { get; init; }
}
