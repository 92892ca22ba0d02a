namespace DigitReader.Imaging;

/// <summary>Why an image could not be decoded.</summary>
public enum DecodeErrorReason
{
    /// <summary>The input has no bytes.</summary>
    Empty,
    /// <summary>The magic bytes match no supported format (or match GIF/WebP, which are not supported).</summary>
    UnsupportedFormat,
    /// <summary>The format is recognised but uses a feature the decoder does not implement (e.g. 12-bit JPEG).</summary>
    UnsupportedFeature,
    /// <summary>The data ends before the image is complete.</summary>
    Truncated,
    /// <summary>The data violates the format (bad CRC, bad Huffman code, inconsistent header, …).</summary>
    Corrupt,
    /// <summary>The file is larger than <see cref="DecodeLimits.MaxBytes"/>.</summary>
    FileTooLarge,
    /// <summary>The header declares more pixels than <see cref="DecodeLimits.MaxPixels"/> or a side above <see cref="DecodeLimits.MaxDimension"/>.</summary>
    ImageTooLarge,
    /// <summary>The header declares a zero or negative dimension.</summary>
    InvalidDimensions,
}

/// <summary>
/// The one exception every decoder throws for bad input: a <see cref="Reason"/> code for programs and a
/// message for people. Decoders never let an <see cref="IndexOutOfRangeException"/> or similar escape.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageDecodeException(DecodeErrorReason reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>The reason code.</summary>
    public DecodeErrorReason Reason { get; }
}
