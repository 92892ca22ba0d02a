using System.Text.Json;
using DigitReader.NeuralNetwork;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>
/// One PyTorch reference case written by <c>tools/torch/make_reference.py</c>: named row-major tensors
/// (inputs, parameters, upstream gradients, expected outputs and gradients) and the case's settings.
/// The JSON is committed, so the tests need no PyTorch.
/// </summary>
internal sealed class TorchReferenceFixture
{
    // Our float32 results against float64 references: a few float32 roundings per accumulated product.
    public const double RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-5;

    private readonly Dictionary<string, (int[] Shape, float[] Data)> tensors = new();
    private readonly JsonElement config;

    private TorchReferenceFixture(string name, JsonDocument document)
    {
        Name = name;
        var root = document.RootElement;
        config = root.GetProperty("config").Clone();
        foreach (var t in root.GetProperty("tensors").EnumerateObject())
        {
            int[] shape = t.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            float[] data = t.Value.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(DigitReader.NeuralNetwork.Tensor.Count(shape), data.Length);
            tensors[t.Name] = (shape, data);
        }
    }

    /// <summary>The case name (the file name without .json).</summary>
    public string Name { get; }

    /// <summary>Loads Fixtures/torch/{name}.json from the test output directory.</summary>
    public static TorchReferenceFixture Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", name + ".json");
        Assert.True(File.Exists(path), $"Missing fixture {path}; regenerate with /usr/bin/python3 tools/torch/make_reference.py.");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new TorchReferenceFixture(name, document);
    }

    /// <summary>Whether the case holds a tensor called <paramref name="name"/>.</summary>
    public bool Has(string name) => tensors.ContainsKey(name);

    /// <summary>The names of the tensors starting with <paramref name="prefix"/>, the prefix removed.</summary>
    public IEnumerable<string> Names(string prefix) =>
        tensors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]);

    /// <summary>A copy of the named tensor's values.</summary>
    public float[] Data(string name) => (float[])Get(name).Data.Clone();

    /// <summary>The named tensor's shape.</summary>
    public int[] Shape(string name) => Get(name).Shape;

    /// <summary>A fresh tensor holding the named values.</summary>
    public Tensor Tensor(string name) => new(Data(name), (int[])Shape(name).Clone());

    /// <summary>The named tensor's values as class labels.</summary>
    public byte[] Labels(string name) => Get(name).Data.Select(v => checked((byte)v)).ToArray();

    /// <summary>An integer setting.</summary>
    public int Int(string key) => config.GetProperty(key).GetInt32();

    /// <summary>A float setting.</summary>
    public float Float(string key) => config.GetProperty(key).GetSingle();

    /// <summary>A boolean setting.</summary>
    public bool Bool(string key) => config.GetProperty(key).GetBoolean();

    /// <summary>Copies the named tensor into <paramref name="destination"/>, checking the shape.</summary>
    public void CopyTo(string name, int[] shape, float[] destination)
    {
        Assert.Equal(Shape(name), shape);
        Get(name).Data.CopyTo(destination, 0);
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> has the named tensor's shape and that every element is within
    /// <see cref="RelativeTolerance"/>·|expected| + <see cref="AbsoluteTolerance"/> of it.
    /// </summary>
    public void AssertMatches(string name, ReadOnlySpan<int> actualShape, ReadOnlySpan<float> actual, double relative = RelativeTolerance, double absolute = AbsoluteTolerance)
    {
        var (shape, expected) = Get(name);
        Assert.True(shape.AsSpan().SequenceEqual(actualShape),
            $"{Name} {name}: shape {DigitReader.NeuralNetwork.Tensor.Describe(actualShape)}, PyTorch has {DigitReader.NeuralNetwork.Tensor.Describe(shape)}.");
        AssertMatches(name, actual, relative, absolute);
    }

    /// <summary>As the shape-checking overload, for flat buffers whose shape is fixed elsewhere.</summary>
    public void AssertMatches(string name, ReadOnlySpan<float> actual, double relative = RelativeTolerance, double absolute = AbsoluteTolerance)
    {
        var expected = Get(name).Data;
        Assert.True(expected.Length <= actual.Length, $"{Name} {name}: {actual.Length} values, PyTorch has {expected.Length}.");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            double excess = error - (relative * Math.Abs(expected[i]) + absolute);
            if (!(excess <= 0) && (worst < 0 || excess > worstExcess || double.IsNaN(excess))) { worst = i; worstExcess = excess; }
        }
        if (worst >= 0)
            Assert.Fail($"{Name} {name}[{worst}]: ours {actual[worst]:G9}, PyTorch {expected[worst]:G9} " +
                        $"(|Δ| = {Math.Abs((double)actual[worst] - expected[worst]):G3}; tolerance {relative:G2}·|x| + {absolute:G2}).");
    }

    private (int[] Shape, float[] Data) Get(string name) =>
        tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{Name}: no tensor \"{name}\" in the fixture.");
}
