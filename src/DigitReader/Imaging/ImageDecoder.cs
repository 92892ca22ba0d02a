namespace DigitReader.Imaging;

/// <summary>
/// Entry point of the decode stage: detects the format from magic bytes and dispatches to the
/// format's decoder. Every failure is an <see cref="ImageDecodeException"/>.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Detects the format from the first bytes.</summary>
    /// <exception cref="ImageDecodeException"><see cref="DecodeErrorReason.Empty"/> or <see cref="DecodeErrorReason.UnsupportedFormat"/>.</exception>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) throw new ImageDecodeException(DecodeErrorReason.Empty, "The file is empty (0 bytes).");
        if (data.Length >= 8 && data[..8].SequenceEqual(PngSignature)) return ImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat.Jpeg;
        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M') return ImageFormat.Bmp;
        // Netpbm magic is only two letters, so also require the whitespace the format puts after it;
        // otherwise any text starting with, say, "P2P" would be taken for an image.
        if (data.Length >= 2 && data[0] == (byte)'P' && data[1] is >= (byte)'1' and <= (byte)'6'
            && (data.Length == 2 || Netpbm.NetpbmTokenizer.IsWhitespace(data[2]))) return ImageFormat.Netpbm;
        string? named = data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)) ? "GIF"
            : data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? "WebP"
            : null;
        throw new ImageDecodeException(DecodeErrorReason.UnsupportedFormat,
            (named is null ? "This is not an image in a supported format." : $"{named} images are not supported.")
            + " Supported formats: " + SupportedFormats + ".");
    }

    /// <summary>The supported formats, for messages: "PNG, JPEG, BMP, PGM/PPM".</summary>
    public const string SupportedFormats = "PNG, JPEG, BMP, PGM/PPM";

    /// <summary>Decodes an image file held in memory to RGBA.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="limits">Size limits, checked before any large allocation; <see cref="DecodeLimits.Default"/> if null.</param>
    /// <exception cref="ImageDecodeException">The file is empty, too large, of an unsupported format, truncated or corrupt.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits? limits = null) => Decode(data, limits, out _);

    /// <summary>Decodes an image file held in memory to RGBA, and says which format it was.</summary>
    /// <exception cref="ImageDecodeException">The file is empty, too large, of an unsupported format, truncated or corrupt.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits? limits, out ImageFormat format) =>
        Guarded(data, limits, out format, DecodeWithoutBackstop);

    /// <summary>
    /// Decodes an image file held in memory straight to grayscale (composited onto white, BT.601 luma), and
    /// says which format it was. PNG gives exactly the pixels of <see cref="RgbaImage.ToGray"/> without the
    /// RGBA image; a colour JPEG gives its Y plane, which differs from that by rounding, and more where a
    /// colour saturates (see <see cref="Jpeg.JpegDecoder.DecodeGray"/>).
    /// </summary>
    /// <exception cref="ImageDecodeException">The file is empty, too large, of an unsupported format, truncated or corrupt.</exception>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, DecodeLimits? limits, out ImageFormat format) =>
        Guarded(data, limits, out format, DecodeGrayWithoutBackstop);

    private delegate T Decoder<T>(ReadOnlySpan<byte> data, DecodeLimits limits, ImageFormat format);

    /// <summary>Detects the format, checks the byte limit and runs <paramref name="decode"/> behind the backstop.</summary>
    private static T Guarded<T>(ReadOnlySpan<byte> data, DecodeLimits? limits, out ImageFormat format, Decoder<T> decode)
    {
        limits ??= DecodeLimits.Default;
        format = DetectFormat(data);
        if (data.Length > limits.MaxBytes)
            throw new ImageDecodeException(DecodeErrorReason.FileTooLarge,
                $"The file is {data.Length:N0} bytes; the limit is {limits.MaxBytes:N0} bytes.");
        try
        {
            return decode(data, limits, format);
        }
        catch (ImageDecodeException) { throw; }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException or OverflowException or EndOfStreamException)
        {
            // A backstop: the decoders check bounds themselves, but a missed check must still be a typed error.
            throw new ImageDecodeException(DecodeErrorReason.Corrupt, $"The {format} data is corrupt ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Dispatches to the format's decoder without converting stray exceptions, so the fuzz tests see any
    /// exception a decoder lets escape instead of the backstop's <see cref="DecodeErrorReason.Corrupt"/>.
    /// </summary>
    internal static RgbaImage DecodeWithoutBackstop(ReadOnlySpan<byte> data, DecodeLimits limits, ImageFormat format) => format switch
    {
        ImageFormat.Png => Png.PngDecoder.Decode(data, limits),
        ImageFormat.Jpeg => Jpeg.JpegDecoder.Decode(data, limits),
        ImageFormat.Bmp => Bmp.BmpDecoder.Decode(data, limits),
        _ => Netpbm.NetpbmDecoder.Decode(data, limits),
    };

    /// <summary>As <see cref="DecodeWithoutBackstop"/>, to grayscale: PNG and JPEG without an RGBA image in between.</summary>
    internal static GrayImage DecodeGrayWithoutBackstop(ReadOnlySpan<byte> data, DecodeLimits limits, ImageFormat format) => format switch
    {
        ImageFormat.Png => Png.PngDecoder.DecodeGray(data, limits),
        ImageFormat.Jpeg => Jpeg.JpegDecoder.DecodeGray(data, limits),
        _ => DecodeWithoutBackstop(data, limits, format).ToGray(),
    };

    /// <summary>Reads a file and decodes it, composited onto white and converted to grayscale.</summary>
    /// <exception cref="ImageDecodeException">As <see cref="Decode(ReadOnlySpan{byte}, DecodeLimits?)"/>.</exception>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, DecodeLimits? limits = null) => DecodeGray(data, limits, out _);

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
}
