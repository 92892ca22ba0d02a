namespace DigitReader.Imaging;

/// <summary>
/// A decoded image: <see cref="Pixels"/> holds <c>Width × Height × 4</c> bytes, RGBA with straight
/// (non-premultiplied) alpha, row-major, top row first. Every decoder produces this, whatever the
/// source's colour type or bit depth. Samples of other ranges (16-bit, Netpbm maxval, 5-bit BMP masks) are
/// scaled as ⌊v × 255 / max⌋, so a 16-bit sample becomes ⌊v / 257⌋ rather than its high byte: that is what
/// ImageMagick 6 produces, our independent reference, and the two differ by at most 1 (16-bit alpha rounds
/// up instead, and narrow BMP bit-field channels are widened by bit replication, for the same reason).
/// </summary>
public sealed class RgbaImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (not copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is not <c>width × height × 4</c> long.</exception>
    public RgbaImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height * 4)
            throw new ArgumentException($"Expected {width}×{height}×4 bytes, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>RGBA bytes, row-major, straight alpha.</summary>
    public byte[] Pixels { get; }

    /// <summary>
    /// Composites onto white (transparent regions become paper, as a user expects of a canvas export)
    /// and converts to luma with the ITU-R BT.601 weights Y = 0.299 R + 0.587 G + 0.114 B, rounded.
    /// </summary>
    public GrayImage ToGray()
    {
        var gray = GC.AllocateUninitializedArray<byte>(Width * Height); // every byte is written
        GrayConversion.Convert(Pixels, gray);
        return new GrayImage(Width, Height, gray);
    }
}
