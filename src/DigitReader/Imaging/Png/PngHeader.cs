using System.Buffers.Binary;

namespace DigitReader.Imaging.Png;

/// <summary>PNG colour types, PNG specification §11.2.1 "IHDR Image header", Table 11.1.</summary>
internal enum PngColorType : byte
{
    Grayscale = 0,
    Truecolor = 2,
    Indexed = 3,
    GrayscaleAlpha = 4,
    TruecolorAlpha = 6,
}

/// <summary>The IHDR chunk (PNG specification §11.2.1), validated.</summary>
internal sealed class PngHeader
{
    private PngHeader(int width, int height, int bitDepth, PngColorType colorType, bool interlaced)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        Interlaced = interlaced;
        Channels = colorType switch
        {
            PngColorType.Truecolor => 3,
            PngColorType.GrayscaleAlpha => 2,
            PngColorType.TruecolorAlpha => 4,
            _ => 1,
        };
        BitsPerPixel = Channels * bitDepth;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Bits per sample (or per palette index): 1, 2, 4, 8 or 16.</summary>
    public int BitDepth { get; }
    public PngColorType ColorType { get; }

    /// <summary>Adam7 interlacing (interlace method 1, §8.2).</summary>
    public bool Interlaced { get; }

    /// <summary>Samples per pixel.</summary>
    public int Channels { get; }
    public int BitsPerPixel { get; }

    /// <summary>
    /// The filter's byte distance to the "previous pixel" (§9.2): bytes per complete pixel, rounded up to 1.
    /// </summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes in one scanline of <paramref name="pixels"/> pixels, without the filter-type byte (§7.2).</summary>
    public long ScanlineBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;

    /// <summary>Parses and checks IHDR, then checks the size against <paramref name="limits"/>.</summary>
    /// <exception cref="ImageDecodeException">Malformed header, or a size outside the limits.</exception>
    public static PngHeader Parse(ReadOnlySpan<byte> ihdr, DecodeLimits limits)
    {
        if (ihdr.Length != 13)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG IHDR chunk is {ihdr.Length} bytes long instead of 13 (the file is damaged).");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        int bitDepth = ihdr[8];
        int colorType = ihdr[9];

        bool validCombination = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (!validCombination)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG header declares colour type {colorType} with bit depth {bitDepth}, a combination the PNG specification does not allow.");
        if (ihdr[10] != 0)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG header declares compression method {ihdr[10]}; only method 0 (zlib) exists.");
        if (ihdr[11] != 0)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG header declares filter method {ihdr[11]}; only method 0 exists.");
        if (ihdr[12] > 1)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG header declares interlace method {ihdr[12]}; only 0 (none) and 1 (Adam7) exist.");

        DimensionCheck.Ensure("PNG", width, height, limits);
        return new PngHeader((int)width, (int)height, bitDepth, (PngColorType)colorType, ihdr[12] == 1);
    }
}
