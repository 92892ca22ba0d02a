namespace DigitReader.Imaging.Bmp;

/// <summary>Placeholder until the Bmp decoder lands.</summary>
public static class BmpDecoder
{
    /// <summary>Decodes a Bmp file.</summary>
    /// <exception cref="ImageDecodeException">Always, for now.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits) =>
        throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature, "The Bmp decoder is not implemented yet.");
}
