using System.Text.Json;
using DigitReader.Data;
using DigitReader.Imaging;

namespace DigitReader.Tests.Cli;

public class CliTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("dr-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Evaluate_the_bundled_model_on_MNIST_test_reaches_the_accuracy_target()
    {
        var result = CliRunner.Run("evaluate", "--format", "json", "--report", Path.Combine(directory, "report"));
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var root = json.RootElement;
        Assert.Equal(10000, root.GetProperty("count").GetInt32());
        double accuracy = root.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.995, $"MNIST test accuracy {accuracy:P2} is below 99.5%");
        Assert.InRange(root.GetProperty("ece").GetDouble(), 0, 0.02);
        Assert.Equal(10, root.GetProperty("per_class").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(directory, "report", "report.html")));
    }

    [Fact]
    public void Predict_prints_one_json_line_per_file_and_an_error_line_for_a_bad_file()
    {
        var test = MnistDataset.LoadTest(log: TextWriter.Null);
        string good = Path.Combine(directory, "digit.png");
        File.WriteAllBytes(good, PngEncoder.Encode(AsPhoto(test.Images.Image(0).ToArray())));
        string bad = Path.Combine(directory, "notes.txt");
        File.WriteAllText(bad, "not an image");
        string explain = Path.Combine(directory, "explain");

        var result = CliRunner.Run("predict", "--format", "json", "--explain", explain, good, bad);

        Assert.Equal(1, result.ExitCode);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(good, first.RootElement.GetProperty("file").GetString());
            Assert.Equal(test.Labels[0], first.RootElement.GetProperty("digit").GetInt32());
            var probabilities = first.RootElement.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            Assert.Equal(10, probabilities.Length);
            Assert.Equal(1.0, probabilities.Sum(), 3);
            Assert.Equal(probabilities.Max(), first.RootElement.GetProperty("confidence").GetDouble(), 6);
        }
        using (var second = JsonDocument.Parse(lines[1]))
        {
            Assert.Equal(bad, second.RootElement.GetProperty("file").GetString());
            Assert.Contains("supported", second.RootElement.GetProperty("error").GetString());
        }
        Assert.True(File.Exists(Path.Combine(explain, "digit.4-input-28x28.png")));
    }

    [Fact]
    public void Predict_with_a_half_written_model_fails_with_a_clear_message()
    {
        string model = Path.Combine(directory, "half.safetensors");
        var bytes = BundledModelBytes();
        File.WriteAllBytes(model, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var result = CliRunner.Run("predict", "--model", model, "x.png");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("half.safetensors", result.StdErr);
        Assert.Contains("truncated", result.StdErr);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public void Evaluate_with_the_model_option_repeated_runs_an_ensemble_of_those_files()
    {
        string first = Path.Combine(directory, "first.safetensors"), second = Path.Combine(directory, "second.safetensors");
        File.WriteAllBytes(first, BundledModelBytes());
        File.WriteAllBytes(second, BundledModelBytes());
        var test = MnistDataset.LoadTest(log: TextWriter.Null);
        string folder = Path.Combine(directory, "digits");
        for (int i = 0; i < 2; i++)
        {
            string labelled = Directory.CreateDirectory(Path.Combine(folder, test.Labels[i].ToString())).FullName;
            File.WriteAllBytes(Path.Combine(labelled, $"{i}.png"), PngEncoder.Encode(AsPhoto(test.Images.Image(i).ToArray())));
        }

        var result = CliRunner.Run("evaluate", "--model", first, "-m", second, "--folder", folder, "--format", "json", "--report", Path.Combine(directory, "report"));

        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal("first.safetensors + second.safetensors", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(1.0, json.RootElement.GetProperty("accuracy").GetDouble());
    }

    /// <summary>The bundled model's first network, as the bytes of a model file.</summary>
    private static byte[] BundledModelBytes()
    {
        using var bundled = new MemoryStream();
        typeof(DigitReader.Recognition.DigitRecognizer).Assembly.GetManifestResourceStream(DigitReader.Recognition.DigitRecognizer.BundledResource)!.CopyTo(bundled);
        return bundled.ToArray();
    }

    /// <summary>An MNIST digit as a scanner would give it: dark ink on white, 8× larger, with a margin.</summary>
    private static GrayImage AsPhoto(byte[] digit)
    {
        const int scale = 8, margin = 40, side = 28 * scale + 2 * margin;
        var pixels = new byte[side * side];
        for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
        {
            int sx = (x - margin) / scale, sy = (y - margin) / scale;
            byte ink = x >= margin && y >= margin && sx < 28 && sy < 28 ? digit[sy * 28 + sx] : (byte)0;
            pixels[y * side + x] = (byte)(255 - ink);
        }
        return new GrayImage(side, side, pixels);
    }
}
