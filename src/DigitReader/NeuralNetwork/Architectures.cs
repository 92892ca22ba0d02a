using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.NeuralNetwork;

/// <summary>The named network architectures for 1 × 28 × 28 inputs and 10 classes.</summary>
public static class Architectures
{
    /// <summary>The default architecture's name.</summary>
    public const string Default = "digitnet";

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Default, "pytorch-example"];

    /// <summary>
    /// Builds the named architecture with zero weights (see <see cref="Initialization"/>).
    /// <list type="bullet">
    /// <item><c>digitnet</c> (default): two VGG-style blocks (Simonyan and Zisserman, 2015) of two 3×3
    /// convolutions with batch normalisation, 32 then 64 channels, each block ending in 2×2 max pooling
    /// (28→14→7), then Linear 3136→256 with dropout and Linear 256→10. About 0.9 M parameters.</item>
    /// <item><c>pytorch-example</c>: the official PyTorch MNIST example's network: Conv 1→32 3×3, Conv 32→64
    /// 3×3, 2×2 max pooling, dropout 0.25, Linear 9216→128, dropout 0.5, Linear 128→10.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static Sequential Create(string name) => name switch
    {
        Default => new Sequential(
        [
            new Conv2d(1, 32, 3, padding: 1, bias: false), new BatchNorm2d(32), new ReLU(),
            new Conv2d(32, 32, 3, padding: 1, bias: false), new BatchNorm2d(32), new ReLU(),
            new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1, bias: false), new BatchNorm2d(64), new ReLU(),
            new Conv2d(64, 64, 3, padding: 1, bias: false), new BatchNorm2d(64), new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(64 * 7 * 7, 256), new ReLU(), new Dropout(0.4f),
            new Linear(256, 10),
        ]),
        "pytorch-example" => new Sequential(
        [
            new Conv2d(1, 32, 3), new ReLU(),
            new Conv2d(32, 64, 3), new ReLU(),
            new MaxPool2d(2), new Dropout(0.25f),
            new Flatten(),
            new Linear(9216, 128), new ReLU(), new Dropout(0.5f),
            new Linear(128, 10),
        ]),
        _ => throw new ArgumentException($"Unknown architecture \"{name}\"; choose one of: {string.Join(", ", Names)}."),
    };
}
