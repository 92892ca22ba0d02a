using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Serialization;

namespace DigitReader.Tests.NeuralNetwork;

public class ModelFileTests
{
    private static DigitModel RandomModel(string architecture = "digitnet")
    {
        var network = Architectures.Create(architecture);
        Initialization.HeNormal(network, seed: 11);
        // Non-trivial running statistics, so they are checked too.
        foreach (var (_, buffer) in network.NamedBuffers())
            for (int i = 0; i < buffer.Value.Length; i++) buffer.Value[i] = 0.5f + i % 7 * 0.1f;
        return new DigitModel(network, new ModelInfo { Architecture = architecture, Layers = network.Specs, Training = new Dictionary<string, string> { ["seed"] = "11" } });
    }

    private static float[] Inputs(int n)
    {
        var random = new Random(1);
        var x = new float[n * 784];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextSingle();
        return x;
    }

    [Theory]
    [InlineData("digitnet")]
    [InlineData("pytorch-example")]
    public void A_saved_model_read_back_predicts_identically(string architecture)
    {
        var model = RandomModel(architecture);
        string path = Path.Combine(Path.GetTempPath(), $"dr-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = DigitModel.Load(path);
            Assert.Equal(model.Predict(Inputs(3)), loaded.Predict(Inputs(3)));
            Assert.Equal(architecture, loaded.Info.Architecture);
            Assert.Equal("11", loaded.Info.Training["seed"]);
            Assert.Equal(0.1307f, loaded.Info.InputMean);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_file_is_safetensors_with_a_little_endian_header_length()
    {
        var bytes = Safetensors.Serialize([new NamedTensor("w", [2], [1f, -2f])], new Dictionary<string, string> { ["k"] = "v" });
        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, headerLength % 8);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", header);
        Assert.Contains("\"__metadata__\":{\"k\":\"v\"}", header);
        Assert.Equal(-2f, BitConverter.ToSingle(bytes, 8 + (int)headerLength + 4));
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_clear_error()
    {
        var model = RandomModel();
        var bytes = Safetensors.Serialize(model.Network.State().Select(s => new NamedTensor(s.Name, s.Shape, s.Values)), model.Info.ToMetadata());
        foreach (int length in new[] { 0, 4, 8, 100, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<ModelFormatException>(() => DigitModel.Load(bytes.AsSpan(0, length), "half.safetensors"));
            Assert.StartsWith("half.safetensors:", e.Message);
        }
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_refused()
    {
        var model = RandomModel();
        var tensors = model.Network.State().Select(s => s.Name == "0.weight" ? new NamedTensor(s.Name, [16, 1, 3, 3], new float[144]) : new NamedTensor(s.Name, s.Shape, s.Values));
        var bytes = Safetensors.Serialize(tensors, model.Info.ToMetadata());
        var e = Assert.Throws<ModelFormatException>(() => DigitModel.Load(bytes, "m"));
        Assert.Contains("0.weight", e.Message);
    }

    [Fact]
    public void A_missing_tensor_or_foreign_file_is_refused()
    {
        var model = RandomModel();
        var missing = Safetensors.Serialize(model.Network.State().Skip(1).Select(s => new NamedTensor(s.Name, s.Shape, s.Values)), model.Info.ToMetadata());
        Assert.Contains("missing", Assert.Throws<ModelFormatException>(() => DigitModel.Load(missing, "m")).Message);
        var foreign = Safetensors.Serialize([new NamedTensor("x", [1], [0f])], new Dictionary<string, string>());
        Assert.Contains("not a DigitReader model", Assert.Throws<ModelFormatException>(() => DigitModel.Load(foreign, "m")).Message);
    }

    [Fact]
    public void Saving_replaces_the_file_atomically()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dr-{Guid.NewGuid():N}.safetensors");
        try
        {
            RandomModel().Save(path);
            RandomModel("pytorch-example").Save(path);
            Assert.Equal("pytorch-example", DigitModel.Load(path).Info.Architecture);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*"));
        }
        finally { File.Delete(path); }
    }
}
