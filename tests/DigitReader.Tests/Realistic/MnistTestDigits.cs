using DigitReader.Data;

namespace DigitReader.Tests.Realistic;

/// <summary>
/// The MNIST TEST digits (never the training digits) for the realistic and normaliser tests, loaded once
/// through the product's own loader, so locating, fetching and verifying the files lives in one place.
/// </summary>
public static class MnistTestDigits
{
    // Silent log: on a machine without the cache the loader fetches, and a test run should not chatter on stderr.
    private static readonly Lazy<LabelledImages> Data = new(() => MnistDataset.LoadTest(log: TextWriter.Null));

    /// <summary>The 10,000 test images (28 × 28, 0 = background, 255 = ink).</summary>
    public static IdxImages Images => Data.Value.Images;

    /// <summary>The 10,000 test labels.</summary>
    public static byte[] Labels => Data.Value.Labels;
}
