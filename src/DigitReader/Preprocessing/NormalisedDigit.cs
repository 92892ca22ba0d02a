using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>A rectangle in pixels: left column, top row, width and height.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

/// <summary>
/// What the normalisation stage produced: the network's input and every intermediate image, so the
/// CLI (<c>digits predict --explain</c>) and the web app can show what the model saw.
/// </summary>
public sealed record NormalisedDigit
{
    /// <summary>The network input: 28 × 28 = 784 values in 0–1, row-major, ink bright (1) on black (0), as in MNIST.</summary>
    public required float[] Input { get; init; }

    /// <summary>The source in grayscale (transparency composited onto white), possibly downscaled for analysis.</summary>
    public required GrayImage Grayscale { get; init; }

    /// <summary>The ink mask at the grayscale's size: 255 where a pixel was kept as part of the digit, 0 elsewhere.</summary>
    public required GrayImage Mask { get; init; }

    /// <summary>The digit's bounding box cut from the polarity-corrected, contrast-normalised image (ink bright).</summary>
    public required GrayImage Crop { get; init; }

    /// <summary>The final 28 × 28 image the network sees, ink bright on black (the <see cref="Input"/> as bytes).</summary>
    public required GrayImage Final { get; init; }

    /// <summary>True when the source had light ink on a dark background (chalk on a board) and was not inverted.</summary>
    public required bool LightInkOnDark { get; init; }

    /// <summary>The digit's bounding box in <see cref="Grayscale"/> coordinates, pixels.</summary>
    public required PixelRect BoundingBox { get; init; }

    /// <summary>
    /// Where the sheet of paper the digit was read from lies in the source image, pixels, when the photo showed
    /// one on a darker surface (a note on a desk); <see cref="Grayscale"/> is then that sheet alone. Null otherwise.
    /// </summary>
    public PixelRect? Sheet { get; init; }
}

/// <summary>Thrown when an image holds no ink that could be a digit (blank paper, an empty canvas).</summary>
public sealed class NoDigitFoundException(string message) : Exception(message)
{
    /// <summary>The only marks found touched the image's edge as shadows or frame edges do (see <see cref="MnistNormaliser.Normalise"/>).</summary>
    internal bool OnlyEdgeMarks { get; init; }
}
