using System.Numerics.Tensors;
using DigitReader.NeuralNetwork.Serialization;

namespace DigitReader.NeuralNetwork;

/// <summary>
/// A classifier of 28 × 28 digits: a <see cref="Sequential"/> network, its input normalisation and its
/// description. Inputs are 0–1 pixels, ink bright (MNIST's convention), <c>[N, 784]</c> row-major;
/// outputs are softmax probabilities <c>[N, 10]</c>. Not thread-safe (layers reuse buffers): use one
/// instance per thread, e.g. via <see cref="Copy"/>.
/// </summary>
public sealed class DigitModel
{
    private Tensor input = new(0);

    /// <summary>Wraps a network and its description.</summary>
    public DigitModel(Sequential network, ModelInfo info)
    {
        Network = network;
        Info = info;
    }

    /// <summary>The network.</summary>
    public Sequential Network { get; }

    /// <summary>The description saved with the weights.</summary>
    public ModelInfo Info { get; }

    /// <summary>Pixels per input image (784).</summary>
    public const int InputSize = 28 * 28;

    /// <summary>Number of classes (10).</summary>
    public int Classes => Info.Labels.Count;

    /// <summary>
    /// Fills <paramref name="batch"/> (<c>[N, 1, 28, 28]</c>) with normalised inputs: (pixel − mean) / std.
    /// </summary>
    public void Normalise(ReadOnlySpan<float> pixels, Tensor batch)
    {
        int n = pixels.Length / InputSize;
        batch.Reshape(n, 1, 28, 28);
        TensorPrimitives.Subtract(pixels[..(n * InputSize)], Info.InputMean, batch.Span);
        TensorPrimitives.Multiply(batch.Span, 1f / Info.InputStd, batch.Span);
    }

    /// <summary>Softmax probabilities <c>[N, 10]</c> for <c>[N, 784]</c> 0–1 pixel inputs.</summary>
    /// <exception cref="ArgumentException">The input length is not a multiple of 784.</exception>
    public float[] Predict(ReadOnlySpan<float> pixels)
    {
        var probabilities = Logits(pixels);
        int k = Classes;
        float inverseTemperature = 1f / Info.Temperature;
        for (int i = 0; i < probabilities.Length / k; i++)
        {
            var row = probabilities.AsSpan(i * k, k);
            TensorPrimitives.Multiply(row, inverseTemperature, row);
            TensorPrimitives.SoftMax(row, row);
        }
        return probabilities;
    }

    /// <summary>The raw logits <c>[N, 10]</c> (before temperature and softmax) for <c>[N, 784]</c> 0–1 pixel inputs.</summary>
    /// <exception cref="ArgumentException">The input length is not a positive multiple of 784.</exception>
    public float[] Logits(ReadOnlySpan<float> pixels)
    {
        if (pixels.Length == 0 || pixels.Length % InputSize != 0)
            throw new ArgumentException($"Expected [N, {InputSize}] pixels, got {pixels.Length} values.");
        Normalise(pixels, input);
        return Network.Forward(input, training: false).Span.ToArray();
    }

    /// <summary>Runs the network up to and including layer <paramref name="lastLayer"/> and returns that layer's output (owned by the layer).</summary>
    public Tensor ForwardTo(ReadOnlySpan<float> pixels, int lastLayer)
    {
        Normalise(pixels, input);
        var x = input;
        for (int i = 0; i <= lastLayer; i++) x = Network.Layers[i].Forward(x, training: false);
        return x;
    }

    /// <summary>An independent copy (same weights, own buffers), for another thread; optionally with another description.</summary>
    public DigitModel Copy(ModelInfo? info = null)
    {
        var network = Sequential.FromSpecs(Info.Layers);
        foreach (var ((_, _, from), (_, _, to)) in Network.State().Zip(network.State())) from.AsSpan().CopyTo(to);
        return new DigitModel(network, info ?? Info);
    }

    /// <summary>Saves to a safetensors file (atomically).</summary>
    public void Save(string path) =>
        Safetensors.Write(path, Network.State().Select(s => new NamedTensor(s.Name, s.Shape, s.Values)), Info.ToMetadata());

    /// <summary>Loads a model file.</summary>
    /// <exception cref="ModelFormatException">The file is truncated, malformed or its tensors do not match its architecture.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static DigitModel Load(string path) => Load(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Loads a model from a safetensors file's bytes; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="ModelFormatException">The file is truncated, malformed or its tensors do not match its architecture.</exception>
    public static DigitModel Load(ReadOnlySpan<byte> bytes, string name)
    {
        var (tensors, metadata) = Safetensors.Parse(bytes, name);
        var info = ModelInfo.FromMetadata(metadata, name);
        Sequential network;
        try { network = Sequential.FromSpecs(info.Layers); }
        catch (FormatException e) { throw new ModelFormatException($"{name}: {e.Message}", e); }
        var byName = tensors.ToDictionary(t => t.Name);
        foreach (var (stateName, shape, values) in network.State())
        {
            if (!byName.Remove(stateName, out var t)) throw new ModelFormatException($"{name}: tensor {stateName} is missing for architecture {info.Architecture}.");
            if (!t.Shape.SequenceEqual(shape))
                throw new ModelFormatException($"{name}: tensor {stateName} has shape {Tensor.Describe(t.Shape)}; the architecture needs {Tensor.Describe(shape)}.");
            t.Values.CopyTo(values, 0);
        }
        if (byName.Count > 0) throw new ModelFormatException($"{name}: unexpected tensors {string.Join(", ", byName.Keys)}.");
        try { network.MultiplyAccumulates(info.InputShape); }
        catch (ArgumentException e) { throw new ModelFormatException($"{name}: the layers do not chain for a [1, 28, 28] input ({e.Message}).", e); }
        var model = new DigitModel(network, info);
        var probe = model.Predict(new float[InputSize]);
        if (probe.Length != model.Classes) throw new ModelFormatException($"{name}: the network outputs {probe.Length} values for {model.Classes} labels.");
        return model;
    }
}
