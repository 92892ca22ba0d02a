using DigitReader.Data;

namespace DigitReader.Tests.Realistic;

/// <summary>
/// The MNIST TEST digits (never the training digits) for the realistic tests, loaded once. Locating the
/// files lives here only, so it can be swapped for the data-set loader when that lands:
/// <c>$DIGITREADER_DATA</c>, then <c>~/.cache/digitreader/mnist</c>, then a clear failure.
/// </summary>
public static class MnistTestDigits
{
    private const string ImagesFile = "t10k-images-idx3-ubyte", LabelsFile = "t10k-labels-idx1-ubyte";
    private static readonly Lazy<(IdxImages Images, byte[] Labels)> Data = new(Load);

    /// <summary>The 10,000 test images (28 × 28, 0 = background, 255 = ink).</summary>
    public static IdxImages Images => Data.Value.Images;

    /// <summary>The 10,000 test labels.</summary>
    public static byte[] Labels => Data.Value.Labels;

    private static (IdxImages, byte[]) Load()
    {
        var candidates = new List<string>();
        var env = Environment.GetEnvironmentVariable("DIGITREADER_DATA");
        if (!string.IsNullOrEmpty(env)) { candidates.Add(env); candidates.Add(Path.Combine(env, "mnist")); }
        candidates.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "digitreader", "mnist"));
        foreach (var dir in candidates)
        {
            string images = Path.Combine(dir, ImagesFile), labels = Path.Combine(dir, LabelsFile);
            if (File.Exists(images) && File.Exists(labels))
                return (IdxReader.ReadImages(images), IdxReader.ReadLabels(labels));
        }
        throw new FileNotFoundException(
            $"MNIST test files ({ImagesFile}, {LabelsFile}) not found in: {string.Join(", ", candidates)}. "
            + "Set DIGITREADER_DATA to the folder holding them or run `digits data fetch`.");
    }
}
