using System.CommandLine;

namespace DigitReader.Cli.Commands;

/// <summary>Options shared by the commands that read MNIST.</summary>
internal static class DataOptions
{
    /// <summary><c>--data-dir</c>: where the MNIST files are cached (default: $DIGITREADER_DATA or the user cache directory).</summary>
    public static Option<string?> DataDirectory() => new("--data-dir") { Description = "MNIST cache directory (default: $DIGITREADER_DATA or ~/.cache/digitreader/mnist)." };
}
