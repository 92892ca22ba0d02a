namespace DigitReader.Imaging.Png;

/// <summary>Placeholder until the Png decoder lands.</summary>
public static class PngDecoder
{
    /// <summary>Decodes a Png file.</summary>
    /// <exception cref="ImageDecodeException">Always, for now.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits) =>
        throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature, "The Png decoder is not implemented yet.");
}
