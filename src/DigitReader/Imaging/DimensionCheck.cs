namespace DigitReader.Imaging;

/// <summary>
/// The check every decoder makes right after parsing its header and before any allocation that scales
/// with the image, so an absurd header costs nothing.
/// </summary>
internal static class DimensionCheck
{
    /// <summary>Throws unless <c>width × height</c> is a positive size within <paramref name="limits"/>.</summary>
    /// <param name="format">The format's name, for the message ("PNG", "BMP", …).</param>
    /// <param name="width">Declared width in pixels.</param>
    /// <param name="height">Declared height in pixels.</param>
    /// <param name="limits">The caller's limits.</param>
    /// <exception cref="ImageDecodeException"><see cref="DecodeErrorReason.InvalidDimensions"/> or <see cref="DecodeErrorReason.ImageTooLarge"/>.</exception>
    public static void Ensure(string format, long width, long height, DecodeLimits limits)
    {
        if (width <= 0 || height <= 0)
            throw new ImageDecodeException(DecodeErrorReason.InvalidDimensions,
                $"The {format} header declares a {width}×{height} image; both sides must be at least 1 pixel.");
        if (width > limits.MaxDimension || height > limits.MaxDimension)
            throw new ImageDecodeException(DecodeErrorReason.ImageTooLarge,
                $"The {format} image is {width:N0}×{height:N0} pixels; the largest accepted side is {limits.MaxDimension:N0} pixels.");
        // Also bounded by what one RGBA array can hold, whatever limits a caller sets.
        if (width * height > limits.MaxPixels || width * height * 4 > Array.MaxLength)
            throw new ImageDecodeException(DecodeErrorReason.ImageTooLarge,
                $"The {format} image is {width:N0}×{height:N0} = {width * height:N0} pixels; the limit is {limits.MaxPixels:N0} pixels.");
    }
}
