using DigitReader.Recognition;
using DigitReader.Web.Features.Predictions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitReader.Web.Tests.Units;

public sealed class ModelHostTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("dr-host-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static ModelHost Host(string modelPath) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DigitReader:ModelPath"] = modelPath }).Build(),
        NullLogger<ModelHost>.Instance);

    private string CopyOfBundledModel(string name)
    {
        string path = Path.Combine(directory, name);
        using var resource = typeof(DigitRecognizer).Assembly.GetManifestResourceStream(DigitRecognizer.BundledResource)!;
        using var file = File.Create(path);
        resource.CopyTo(file);
        return path;
    }

    [Fact]
    public void Model_paths_separated_by_semicolons_load_as_one_ensemble()
    {
        string first = CopyOfBundledModel("first.safetensors"), second = CopyOfBundledModel("second.safetensors");

        var host = Host($"{first}; {second}");

        Assert.True(host.IsLoaded, host.LoadError);
        Assert.Equal("first.safetensors + second.safetensors", host.Name);
        Assert.Equal(2, host.Recognizer.Members.Count);
        Assert.StartsWith("2 × digitnet, trained ", host.Version);
        Assert.Contains(" and ", host.Version);
    }

    [Fact]
    public void A_missing_member_leaves_the_model_unloaded_with_the_reason()
    {
        string first = CopyOfBundledModel("first.safetensors");

        var host = Host($"{first};{Path.Combine(directory, "absent.safetensors")}");

        Assert.False(host.IsLoaded);
        Assert.Contains("absent.safetensors", host.LoadError);
        Assert.Throws<ModelUnavailableException>(() => host.Recognizer);
    }
}
