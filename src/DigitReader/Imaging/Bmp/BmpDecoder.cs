using System.Buffers.Binary;

namespace DigitReader.Imaging.Bmp;

/// <summary>
/// Decodes uncompressed Windows BMP files (Microsoft docs: "Bitmap Storage", "BITMAPINFOHEADER",
/// "BITMAPV4HEADER", "BITMAPV5HEADER"): 1-, 4- and 8-bit palette images, 16- and 32-bit images with BI_RGB
/// or BI_BITFIELDS masks, 24-bit BGR, bottom-up and top-down. RLE compression is refused as unsupported.
/// </summary>
public static class BmpDecoder
{
    /// <summary>Decodes a whole BMP file held in memory.</summary>
    /// <param name="data">The file, starting with "BM".</param>
    /// <param name="limits">Size limits, checked right after the header, before any image-sized allocation.</param>
    /// <returns>
    /// The image as row-major RGBA, top row first. Alpha is 255 unless a 16/32-bit BI_BITFIELDS image has
    /// an alpha mask (in a V3/V4/V5 header, or after the header with BI_ALPHABITFIELDS). The fourth byte of a
    /// 32-bit BI_RGB pixel is unused, not alpha (ImageMagick 6 differs here).
    /// </returns>
    /// <exception cref="ImageDecodeException">
    /// <see cref="DecodeErrorReason.Truncated"/>, <see cref="DecodeErrorReason.Corrupt"/>,
    /// <see cref="DecodeErrorReason.UnsupportedFeature"/> (RLE, embedded JPEG/PNG, unusual bit counts),
    /// <see cref="DecodeErrorReason.InvalidDimensions"/> or <see cref="DecodeErrorReason.ImageTooLarge"/>.
    /// </exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var header = BmpHeader.Parse(data, limits);
        int width = header.Width, height = header.Height;

        // Rows are padded to a multiple of 4 bytes. Some writers omit the last row's padding, so only the
        // bytes that hold pixels are required of it.
        long stride = ((long)width * header.BitCount + 31) / 32 * 4;
        long lastRow = ((long)width * header.BitCount + 7) / 8;
        long needed = stride * (height - 1) + lastRow;
        if (header.PixelDataOffset < header.PaletteOffset)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The BMP pixel data offset {header.PixelDataOffset} points inside the headers (the file is damaged).");
        if (header.PixelDataOffset > data.Length || data.Length - header.PixelDataOffset < needed)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                $"The BMP file ends before its pixel data is complete: {needed:N0} bytes of pixels expected (truncated).");

        uint[] palette = ReadPalette(data, header);
        var pixels = new byte[width * height * 4];
        var output = Rgba32.AsPixels(pixels);
        var source = data[(int)header.PixelDataOffset..];
        for (int row = 0; row < height; row++)
        {
            int y = header.TopDown ? row : height - 1 - row;
            var line = source.Slice((int)(row * stride), (int)Math.Min(stride, lastRow));
            var destination = output.Slice(y * width, width);
            switch (header.BitCount)
            {
                case <= 8: Indexed(line, destination, header.BitCount, palette, header.PaletteCount); break;
                case 24: Bgr24(line, destination); break;
                default: Masked(line, destination, header); break;
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    private static uint[] ReadPalette(ReadOnlySpan<byte> data, BmpHeader header)
    {
        if (header.PaletteCount == 0)
            return [];
        int size = header.PaletteEntrySize;
        if (data.Length - header.PaletteOffset < (long)header.PaletteCount * size)
            throw new ImageDecodeException(DecodeErrorReason.Truncated, "The BMP file ends inside its colour table (truncated).");
        // 256 entries whatever the count, so any byte can index it; unused entries are checked per row.
        var palette = new uint[256];
        var table = data.Slice(header.PaletteOffset, header.PaletteCount * size);
        for (int i = 0; i < header.PaletteCount; i++)
            // RGBQUAD / RGBTRIPLE: blue, green, red (, reserved — not alpha).
            palette[i] = Rgba32.Pack(table[i * size + 2], table[i * size + 1], table[i * size], 255);
        return palette;
    }

    private static void Indexed(ReadOnlySpan<byte> line, Span<uint> destination, int bitCount, uint[] palette, int paletteCount)
    {
        int perByte = 8 / bitCount, mask = (1 << bitCount) - 1, bad = -1;
        for (int x = 0; x < destination.Length; x++)
        {
            int index = bitCount == 8 ? line[x] : (line[x / perByte] >> (8 - bitCount * (x % perByte + 1))) & mask;
            if (index >= paletteCount) bad = index;
            destination[x] = palette[index];
        }
        if (bad >= 0)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The BMP image uses colour index {bad}, but its colour table has only {paletteCount} entries (the file is damaged).");
    }

    private static void Bgr24(ReadOnlySpan<byte> line, Span<uint> destination)
    {
        for (int x = 0, j = 0; x < destination.Length; x++, j += 3)
            destination[x] = Rgba32.Pack(line[j + 2], line[j + 1], line[j], 255);
    }

    private static void Masked(ReadOnlySpan<byte> line, Span<uint> destination, BmpHeader header)
    {
        BmpChannelMask r = header.Red, g = header.Green, b = header.Blue, a = header.Alpha;
        bool hasAlpha = a.IsPresent;
        if (header.BitCount == 32 && r.IsWholeByte && g.IsWholeByte && b.IsWholeByte && (!hasAlpha || a.IsWholeByte))
        {
            // The common layouts (BGRx, BGRA, RGBA…) are byte shuffles; no per-channel scaling.
            int ri = r.ByteIndex, gi = g.ByteIndex, bi = b.ByteIndex, ai = hasAlpha ? a.ByteIndex : -1;
            for (int x = 0, j = 0; x < destination.Length; x++, j += 4)
                destination[x] = Rgba32.Pack(line[j + ri], line[j + gi], line[j + bi], ai < 0 ? 255u : line[j + ai]);
            return;
        }
        for (int x = 0; x < destination.Length; x++)
        {
            uint pixel = header.BitCount == 32
                ? BinaryPrimitives.ReadUInt32LittleEndian(line[(4 * x)..])
                : BinaryPrimitives.ReadUInt16LittleEndian(line[(2 * x)..]);
            destination[x] = Rgba32.Pack(r.Extract(pixel), g.Extract(pixel), b.Extract(pixel), hasAlpha ? a.Extract(pixel) : 255u);
        }
    }
}
