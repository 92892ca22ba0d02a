namespace DigitReader.Imaging.Netpbm;

/// <summary>
/// Decodes Netpbm images (Netpbm documentation: "pbm", "pgm" and "ppm" format specifications): P1/P4
/// bitmaps, P2/P5 graymaps and P3/P6 pixmaps, plain (ASCII) and raw (binary), with comments and any maxval
/// from 1 to 65535. Only the first image of a multi-image file is read.
/// </summary>
public static class NetpbmDecoder
{
    /// <summary>Decodes a whole Netpbm file held in memory.</summary>
    /// <param name="data">The file, starting with "P1" … "P6".</param>
    /// <param name="limits">Size limits, checked right after the header, before any image-sized allocation.</param>
    /// <returns>
    /// The image as row-major RGBA, opaque, top row first. Samples are scaled as ⌊v × 255 / maxval⌋
    /// (<see cref="SampleScaling"/>); a sample above maxval, which the format forbids, is read as maxval
    /// (as ImageMagick does). In bitmaps 1 is black.
    /// </returns>
    /// <exception cref="ImageDecodeException">
    /// <see cref="DecodeErrorReason.Truncated"/>, <see cref="DecodeErrorReason.Corrupt"/>,
    /// <see cref="DecodeErrorReason.InvalidDimensions"/> or <see cref="DecodeErrorReason.ImageTooLarge"/>.
    /// </exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (data.Length < 2 || data[0] != 'P' || data[1] is < (byte)'1' or > (byte)'6')
            throw new ImageDecodeException(DecodeErrorReason.UnsupportedFormat, "This is not a Netpbm file: it does not start with P1 … P6.");
        int kind = data[1] - '0';
        string format = kind switch { 1 or 4 => "PBM", 2 or 5 => "PGM", _ => "PPM" };
        var tokens = new NetpbmTokenizer(data, 2, format);
        int width = tokens.ReadNumber("width", int.MaxValue, DecodeErrorReason.ImageTooLarge);
        int height = tokens.ReadNumber("height", int.MaxValue, DecodeErrorReason.ImageTooLarge);
        DimensionCheck.Ensure(format, width, height, limits);
        int maxval = 1;
        if (kind is not (1 or 4))
        {
            maxval = tokens.ReadNumber("maxval", 65535);
            if (maxval == 0)
                throw new ImageDecodeException(DecodeErrorReason.Corrupt, $"The {format} file's maxval is 0; it must be 1 to 65535.");
        }

        int channels = kind is 3 or 6 ? 3 : 1;
        long samples = (long)width * height * channels;
        var pixels = kind switch
        {
            1 => NetpbmRaster.PlainBitmap(ref tokens, width, height),
            2 or 3 => NetpbmRaster.Plain(ref tokens, width, height, channels, maxval),
            _ => NetpbmRaster.Raw(data, ref tokens, kind, width, height, channels, maxval, samples),
        };
        return new RgbaImage(width, height, pixels);
    }
}
