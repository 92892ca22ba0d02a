namespace DigitReader.Preprocessing;

/// <summary>Tuning of <see cref="MnistNormaliser"/>; the defaults are the measured best for photos and scans.</summary>
public sealed record MnistNormaliserOptions
{
    /// <summary>The defaults.</summary>
    public static MnistNormaliserOptions Default { get; } = new();

    /// <summary>
    /// Longest side, in pixels, of the working grayscale used for analysis (default 512). Larger images are
    /// reduced by an integer area (box) factor first; the digit itself is re-cut from the full-resolution
    /// source when it would be small at the working size. An image of 128 to this many pixels is analysed
    /// at half size (a reduction by 2) unless its digit is under 64 pixels: the re-cut still gives the
    /// network a digit cut at 64 pixels or more.
    /// </summary>
    public int MaxWorkingSize { get; init; } = 512;

    /// <summary>
    /// Straighten the digit by its second-order image moments before scaling (Hu 1962). Off by default:
    /// MNIST itself was not deskewed, so a model trained on it expects slanted digits.
    /// </summary>
    public bool Deskew { get; init; }

    /// <summary>
    /// Thinnest stroke, in pixels at the 20-pixel digit scale, that the network should see (default 2.0).
    /// Thinner strokes (a fine pen on a large photo) are thickened by grey-level dilation before scaling.
    /// </summary>
    public double MinStrokeWidth { get; init; } = 2.0;

    /// <summary>
    /// Thickest stroke, in pixels at the 20-pixel digit scale, passed on unchanged (default 4.5). Thicker
    /// strokes (a marker, a bold font) are thinned by grey-level erosion towards it, keeping loops open.
    /// </summary>
    public double MaxStrokeWidth { get; init; } = 4.5;
}
