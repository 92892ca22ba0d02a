using DigitReader.Data;

namespace DigitReader.Tests.Realistic;

/// <summary>
/// The MNIST TEST digits (never the training digits) for the realistic and normaliser tests, loaded once
/// through the product's own loader, so locating, fetching and verifying the files lives in one place.
/// </summary>
/// <remarks>
/// With <c>DIGITREADER_REALISTIC_DIGITS=validation</c> the last 5,000 TRAINING images are served instead:
/// the validation digits no model trains on. Choosing between candidate models on realistic renderings
/// of those keeps the test digits for reporting only, as MNIST's own model selection does.
/// </remarks>
public static class MnistTestDigits
{
    /// <summary>The environment variable that switches to the validation digits.</summary>
    public const string SourceVariable = "DIGITREADER_REALISTIC_DIGITS";

    /// <summary>Training images from this index on are the validation set (as <c>TrainingOptions.ValidationSize</c> = 5,000).</summary>
    private const int ValidationStart = 55_000;

    // Silent log: on a machine without the cache the loader fetches, and a test run should not chatter on stderr.
    private static readonly Lazy<LabelledImages> Data = new(Load);

    /// <summary>The digits (28 × 28, 0 = background, 255 = ink): 10,000 test images, or 5,000 validation images.</summary>
    public static IdxImages Images => Data.Value.Images;

    /// <summary>Their labels.</summary>
    public static byte[] Labels => Data.Value.Labels;

    /// <summary>True when <see cref="SourceVariable"/> selects the validation digits.</summary>
    public static bool Validation => Environment.GetEnvironmentVariable(SourceVariable) switch
    {
        null or "" or "test" => false,
        "validation" => true,
        var other => throw new ArgumentException($"{SourceVariable} must be 'test' or 'validation', got '{other}'."),
    };

    private static LabelledImages Load()
    {
        if (!Validation) return MnistDataset.LoadTest(log: TextWriter.Null);
        var train = MnistDataset.LoadTrain(log: TextWriter.Null);
        int count = train.Images.Count - ValidationStart, size = train.Images.Rows * train.Images.Columns;
        var pixels = train.Images.Pixels.AsSpan(ValidationStart * size, count * size).ToArray();
        return new LabelledImages(new IdxImages(count, train.Images.Rows, train.Images.Columns, pixels), train.Labels[ValidationStart..]);
    }
}
