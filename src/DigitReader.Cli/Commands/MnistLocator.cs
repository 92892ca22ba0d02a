using DigitReader.Data;
using Spectre.Console;

namespace DigitReader.Cli.Commands;

/// <summary>Temporary: finds the MNIST files until the data-fetch feature lands.</summary>
internal static class MnistLocator
{
    public static (IdxImages Images, byte[] Labels) LoadTrain(string? dataDir, IAnsiConsole console)
    {
        string dir = dataDir ?? Environment.GetEnvironmentVariable("DIGITREADER_DATA") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "digitreader", "mnist");
        string images = Path.Combine(dir, "train-images-idx3-ubyte"), labels = Path.Combine(dir, "train-labels-idx1-ubyte");
        if (!File.Exists(images) || !File.Exists(labels)) throw new MnistNotFoundException($"MNIST not found in {dir}.");
        return (IdxReader.ReadImages(images), IdxReader.ReadLabels(labels));
    }
}

internal sealed class MnistNotFoundException(string message) : Exception(message);
