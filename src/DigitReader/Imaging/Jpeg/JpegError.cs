namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Builds the decoder's exceptions so every fault reads the same way ("JPEG: …") and the call sites
/// stay one line. Returned, not thrown, so the compiler sees <c>throw JpegError.Corrupt(…)</c> ends the path.
/// </summary>
internal static class JpegError
{
    public static ImageDecodeException Corrupt(string message) =>
        new(DecodeErrorReason.Corrupt, "Corrupt JPEG: " + message);

    public static ImageDecodeException Truncated(string message) =>
        new(DecodeErrorReason.Truncated, "Truncated JPEG: " + message);

    public static ImageDecodeException Unsupported(string message) =>
        new(DecodeErrorReason.UnsupportedFeature, "Unsupported JPEG: " + message);
}
