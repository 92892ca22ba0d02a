namespace DigitReader.Imaging.Netpbm;

/// <summary>Placeholder until the Netpbm decoder lands.</summary>
public static class NetpbmDecoder
{
    /// <summary>Decodes a Netpbm file.</summary>
    /// <exception cref="ImageDecodeException">Always, for now.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits) =>
        throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature, "The Netpbm decoder is not implemented yet.");
}
