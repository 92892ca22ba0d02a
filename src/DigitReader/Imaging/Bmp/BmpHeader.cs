using System.Buffers.Binary;

namespace DigitReader.Imaging.Bmp;

/// <summary>Values of the compression field (Microsoft docs, "BITMAPINFOHEADER structure", biCompression).</summary>
internal enum BmpCompression : uint
{
    Rgb = 0,
    Rle8 = 1,
    Rle4 = 2,
    Bitfields = 3,
    Jpeg = 4,
    Png = 5,
    AlphaBitfields = 6,
}

/// <summary>
/// The BITMAPFILEHEADER and the DIB header that follows it: BITMAPCOREHEADER (12 bytes), BITMAPINFOHEADER
/// (40), its undocumented V2/V3 extensions (52, 56), BITMAPV4HEADER (108) or BITMAPV5HEADER (124)
/// (Microsoft docs, "Bitmap Storage" and the structures of those names). All fields little-endian.
/// </summary>
internal sealed class BmpHeader
{
    public int Width { get; private init; }
    public int Height { get; private init; }

    /// <summary>Rows stored top row first (negative biHeight) rather than the usual bottom row first.</summary>
    public bool TopDown { get; private init; }
    public int BitCount { get; private init; }
    public uint PixelDataOffset { get; private init; }

    /// <summary>Offset of the colour table (palette), right after the header and any separate masks.</summary>
    public int PaletteOffset { get; private init; }

    /// <summary>Bytes per palette entry: 3 (RGBTRIPLE) after a core header, else 4 (RGBQUAD).</summary>
    public int PaletteEntrySize { get; private init; }
    public int PaletteCount { get; private init; }
    public BmpChannelMask Red { get; private init; }
    public BmpChannelMask Green { get; private init; }
    public BmpChannelMask Blue { get; private init; }
    public BmpChannelMask Alpha { get; private init; }

    /// <summary>Parses and checks the headers, then checks the size against <paramref name="limits"/>.</summary>
    /// <exception cref="ImageDecodeException">Truncated, malformed or unsupported header, or a size outside the limits.</exception>
    public static BmpHeader Parse(ReadOnlySpan<byte> file, DecodeLimits limits)
    {
        if (file.Length < 18)
            throw new ImageDecodeException(DecodeErrorReason.Truncated, "The BMP file ends inside its file header (truncated).");
        if (file[0] != 'B' || file[1] != 'M')
            throw new ImageDecodeException(DecodeErrorReason.UnsupportedFormat, "This is not a BMP file: it does not start with \"BM\".");
        uint dataOffset = BinaryPrimitives.ReadUInt32LittleEndian(file[10..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(file[14..]);
        if (headerSize is not (12 or 40 or 52 or 56 or 64 or 108 or 124))
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The BMP file has a {headerSize}-byte bitmap header, which is not a known header size (the file is damaged).");
        if (file.Length < 14 + headerSize)
            throw new ImageDecodeException(DecodeErrorReason.Truncated, "The BMP file ends inside its bitmap header (truncated).");
        var h = file.Slice(14, (int)headerSize);

        return headerSize == 12 ? ParseCore(h, dataOffset, limits) : ParseInfo(file, h, dataOffset, limits);
    }

    private static BmpHeader ParseCore(ReadOnlySpan<byte> h, uint dataOffset, DecodeLimits limits)
    {
        // BITMAPCOREHEADER (OS/2 1.x): unsigned 16-bit sides, always bottom-up, palette of RGBTRIPLEs.
        int width = BinaryPrimitives.ReadUInt16LittleEndian(h[4..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
        int bitCount = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]);
        CheckPlanes(BinaryPrimitives.ReadUInt16LittleEndian(h[8..]));
        if (bitCount is not (1 or 4 or 8 or 24))
            throw Unsupported($"{bitCount} bits per pixel in an OS/2 core header");
        DimensionCheck.Ensure("BMP", width, height, limits);
        return new BmpHeader
        {
            Width = width, Height = height, BitCount = bitCount, PixelDataOffset = dataOffset,
            PaletteOffset = 14 + 12, PaletteEntrySize = 3, PaletteCount = bitCount <= 8 ? 1 << bitCount : 0,
        };
    }

    private static BmpHeader ParseInfo(ReadOnlySpan<byte> file, ReadOnlySpan<byte> h, uint dataOffset, DecodeLimits limits)
    {
        int width = BinaryPrimitives.ReadInt32LittleEndian(h[4..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        CheckPlanes(BinaryPrimitives.ReadUInt16LittleEndian(h[12..]));
        int bitCount = BinaryPrimitives.ReadUInt16LittleEndian(h[14..]);
        var compression = (BmpCompression)BinaryPrimitives.ReadUInt32LittleEndian(h[16..]);
        uint colorsUsed = BinaryPrimitives.ReadUInt32LittleEndian(h[32..]);

        switch (compression)
        {
            case BmpCompression.Rle4 or BmpCompression.Rle8:
                throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature,
                    "This BMP uses RLE compression, which is not supported; save it as an uncompressed BMP or as PNG.");
            case BmpCompression.Jpeg or BmpCompression.Png:
                throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature,
                    $"This BMP wraps {(compression == BmpCompression.Jpeg ? "JPEG" : "PNG")} data, which is not supported; save the image as a plain JPEG or PNG.");
            case BmpCompression.Rgb:
                if (bitCount is not (1 or 4 or 8 or 16 or 24 or 32))
                    throw Unsupported($"{bitCount} bits per pixel");
                break;
            case BmpCompression.Bitfields or BmpCompression.AlphaBitfields:
                if (bitCount is not (16 or 32))
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                        $"The BMP uses bit masks with {bitCount} bits per pixel; masks need 16 or 32 (the file is damaged).");
                break;
            default:
                throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                    $"The BMP declares compression type {(uint)compression}, which does not exist (the file is damaged).");
        }

        // Negative height means top-down; long arithmetic because −int.MinValue overflows an int.
        long absHeight = Math.Abs((long)height);
        DimensionCheck.Ensure("BMP", width, absHeight, limits);

        // Masks live inside V2+ headers; after a 40-byte header they follow it as separate DWORDs.
        int headerSize = h.Length;
        int paletteOffset = 14 + headerSize;
        uint r = 0, g = 0, b = 0, a = 0;
        bool bitfields = compression is BmpCompression.Bitfields or BmpCompression.AlphaBitfields;
        if (bitfields)
        {
            ReadOnlySpan<byte> masks;
            if (headerSize >= 52)
                masks = h[40..];
            else
            {
                int count = compression == BmpCompression.AlphaBitfields ? 4 : 3;
                if (file.Length < paletteOffset + 4 * count)
                    throw new ImageDecodeException(DecodeErrorReason.Truncated, "The BMP file ends inside its colour masks (truncated).");
                masks = file.Slice(paletteOffset, 4 * count);
                paletteOffset += 4 * count;
            }
            r = BinaryPrimitives.ReadUInt32LittleEndian(masks);
            g = BinaryPrimitives.ReadUInt32LittleEndian(masks[4..]);
            b = BinaryPrimitives.ReadUInt32LittleEndian(masks[8..]);
            if (masks.Length >= 16 && (headerSize >= 56 || compression == BmpCompression.AlphaBitfields))
                a = BinaryPrimitives.ReadUInt32LittleEndian(masks[12..]);
        }
        else if (bitCount == 16)
            (r, g, b) = (0x7C00, 0x03E0, 0x001F); // BI_RGB 16-bit is 5-5-5
        else if (bitCount == 32)
        {
            // For BI_RGB the fourth byte is unused (Microsoft docs, BITMAPINFOHEADER) and many writers leave
            // it 0, so reading it as alpha would blank the image: alpha comes only from BI_BITFIELDS masks.
            // A V4/V5 header's alpha mask is ignored with BI_RGB too, as ImageMagick 6 does.
            (r, g, b) = (0x00FF0000, 0x0000FF00, 0x000000FF);
        }

        int paletteCount = 0;
        if (bitCount <= 8)
            paletteCount = colorsUsed == 0 || colorsUsed > 1u << bitCount ? 1 << bitCount : (int)colorsUsed;

        return new BmpHeader
        {
            Width = width, Height = (int)absHeight, TopDown = height < 0, BitCount = bitCount, PixelDataOffset = dataOffset,
            PaletteOffset = paletteOffset, PaletteEntrySize = 4, PaletteCount = paletteCount,
            Red = BmpChannelMask.Create(r, "red"), Green = BmpChannelMask.Create(g, "green"),
            Blue = BmpChannelMask.Create(b, "blue"), Alpha = BmpChannelMask.Create(a, "alpha"),
        };
    }

    private static void CheckPlanes(int planes)
    {
        if (planes != 1)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The BMP header declares {planes} colour planes; it must be 1 (the file is damaged).");
    }

    private static ImageDecodeException Unsupported(string what) =>
        new(DecodeErrorReason.UnsupportedFeature, $"BMP files with {what} are not supported.");
}
