namespace DigitReader.Imaging.Jpeg;

/// <summary>Placeholder until the Jpeg decoder lands.</summary>
public static class JpegDecoder
{
    /// <summary>Decodes a Jpeg file.</summary>
    /// <exception cref="ImageDecodeException">Always, for now.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits) =>
        throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature, "The Jpeg decoder is not implemented yet.");
}
