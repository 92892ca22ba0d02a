namespace DigitReader.Imaging.Netpbm;

/// <summary>
/// Reads a Netpbm raster, plain (ASCII numbers) or raw (binary: one byte per sample when maxval &lt; 256,
/// else two bytes, most significant first; PBM packs 8 pixels a byte, rows padded to a byte), into RGBA.
/// Each method checks that the data can hold the whole raster before allocating it.
/// </summary>
internal static class NetpbmRaster
{
    public static byte[] Raw(ReadOnlySpan<byte> data, ref NetpbmTokenizer tokens, int kind, int width, int height, int channels, int maxval, long samples)
    {
        tokens.ReadRasterSeparator();
        long needed = kind == 4 ? (width + 7L) / 8 * height : samples * (maxval < 256 ? 1 : 2);
        if (tokens.Remaining < needed)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                $"The {Name(kind)} file ends before its pixels are complete: {needed:N0} bytes expected, {tokens.Remaining:N0} present (truncated).");
        var raster = data.Slice(tokens.Position, (int)needed);
        var pixels = new byte[width * height * 4];
        var output = Rgba32.AsPixels(pixels);

        if (kind == 4)
        {
            int rowBytes = (width + 7) / 8;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    output[y * width + x] = (raster[y * rowBytes + x / 8] & (0x80 >> (x % 8))) != 0 ? Rgba32.Gray(0) : Rgba32.Gray(255);
            return pixels;
        }

        int count = width * height;
        if (maxval == 65535)
        {
            // The usual 16-bit maxval: a constant division, cheaper than building a 65,536-entry table per image.
            for (int i = 0, j = 0; i < count; i++, j += 2 * channels)
            {
                uint r = SampleScaling.From16(raster[j] << 8 | raster[j + 1]);
                output[i] = channels == 1
                    ? Rgba32.Gray(r)
                    : Rgba32.Pack(r, SampleScaling.From16(raster[j + 2] << 8 | raster[j + 3]), SampleScaling.From16(raster[j + 4] << 8 | raster[j + 5]), 255);
            }
            return pixels;
        }
        byte[]? scale = maxval == 255 ? null : SampleScaling.Table(maxval, maxval + 1);
        if (maxval < 256)
        {
            for (int i = 0, j = 0; i < count; i++, j += channels)
            {
                if (channels == 1)
                {
                    uint v = scale is null ? raster[j] : scale[Math.Min(raster[j], maxval)];
                    output[i] = Rgba32.Gray(v);
                }
                else if (scale is null)
                    output[i] = Rgba32.Pack(raster[j], raster[j + 1], raster[j + 2], 255);
                else
                    output[i] = Rgba32.Pack(scale[Math.Min(raster[j], maxval)], scale[Math.Min(raster[j + 1], maxval)], scale[Math.Min(raster[j + 2], maxval)], 255);
            }
        }
        else
        {
            for (int i = 0, j = 0; i < count; i++, j += 2 * channels)
            {
                uint r = scale![Math.Min(raster[j] << 8 | raster[j + 1], maxval)];
                output[i] = channels == 1
                    ? Rgba32.Gray(r)
                    : Rgba32.Pack(r, scale[Math.Min(raster[j + 2] << 8 | raster[j + 3], maxval)], scale[Math.Min(raster[j + 4] << 8 | raster[j + 5], maxval)], 255);
            }
        }
        return pixels;
    }

    public static byte[] Plain(ref NetpbmTokenizer tokens, int width, int height, int channels, int maxval)
    {
        long samples = (long)width * height * channels;
        // Every value but the last needs a digit and a separator.
        if (tokens.Remaining < 2 * samples - 1)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                $"The {(channels == 1 ? "PGM" : "PPM")} file is too short for {samples:N0} pixel values (truncated).");
        byte[] scale = SampleScaling.Table(maxval, maxval + 1);
        var pixels = new byte[width * height * 4];
        var output = Rgba32.AsPixels(pixels);
        for (int i = 0; i < output.Length; i++)
        {
            if (channels == 1)
                output[i] = Rgba32.Gray(scale[Math.Min(tokens.ReadNumber("pixel values", 65535), maxval)]);
            else
            {
                uint r = scale[Math.Min(tokens.ReadNumber("pixel values", 65535), maxval)];
                uint g = scale[Math.Min(tokens.ReadNumber("pixel values", 65535), maxval)];
                uint b = scale[Math.Min(tokens.ReadNumber("pixel values", 65535), maxval)];
                output[i] = Rgba32.Pack(r, g, b, 255);
            }
        }
        return pixels;
    }

    public static byte[] PlainBitmap(ref NetpbmTokenizer tokens, int width, int height)
    {
        if (tokens.Remaining < (long)width * height)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                $"The PBM file is too short for {(long)width * height:N0} pixels (truncated).");
        var pixels = new byte[width * height * 4];
        var output = Rgba32.AsPixels(pixels);
        for (int i = 0; i < output.Length; i++)
            output[i] = tokens.ReadBit() ? Rgba32.Gray(0) : Rgba32.Gray(255);
        return pixels;
    }

    private static string Name(int kind) => kind switch { 4 => "PBM", 5 => "PGM", _ => "PPM" };
}
