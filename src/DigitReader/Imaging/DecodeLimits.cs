namespace DigitReader.Imaging;

/// <summary>
/// Limits checked against a file's length and its header before any large allocation, so a hostile or
/// absurd file is refused cheaply.
/// </summary>
public sealed record DecodeLimits
{
    /// <summary>The defaults: 20 MB, 40 megapixels, 30,000 pixels a side.</summary>
    public static DecodeLimits Default { get; } = new();

    /// <summary>Largest accepted file, in bytes (default 20,000,000).</summary>
    public long MaxBytes { get; init; } = 20_000_000;

    /// <summary>Largest accepted image, in pixels, width × height (default 40,000,000).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Largest accepted width or height, in pixels (default 30,000).</summary>
    public int MaxDimension { get; init; } = 30_000;
}
