using System.Buffers;
using System.Runtime.InteropServices;

namespace DigitReader.Imaging.Png;

/// <summary>
/// Walks the inflated scanlines of a PNG, unfiltering each (§9) and converting it to RGBA, either in
/// order (interlace method 0) or pass by pass, scattering pixels to their places (Adam7, §8.2).
/// </summary>
internal static class PngScanlines
{
    /// <summary>
    /// Non-interlaced: scanline y becomes row y of <paramref name="pixels"/>; or, when <paramref name="gray"/>
    /// is given, <paramref name="pixels"/> is one row's buffer and row y of <paramref name="gray"/> receives
    /// the scanline's luma (<see cref="GrayConversion"/>, as <see cref="RgbaImage.ToGray"/> computes it).
    /// </summary>
    public static void DecodeSequential(PngHeader header, PngPixelConverter converter, Span<byte> filtered, Span<uint> pixels, Span<byte> gray = default)
    {
        int width = header.Width;
        int lineBytes = (int)header.ScanlineBytes(width);
        ReadOnlySpan<byte> previous = default;
        for (int y = 0; y < header.Height; y++)
        {
            var line = filtered.Slice(y * (lineBytes + 1), lineBytes + 1);
            Unfilter(line, previous, header.FilterStride, y);
            if (gray.IsEmpty) converter.Convert(line[1..], pixels.Slice(y * width, width));
            else if (converter.IsRgba8) GrayConversion.Convert(line[1..], gray.Slice(y * width, width)); // no copy to RGBA first
            else
            {
                converter.Convert(line[1..], pixels[..width]);
                GrayConversion.Convert(MemoryMarshal.AsBytes(pixels[..width]), gray.Slice(y * width, width));
            }
            previous = line[1..];
        }
    }

    /// <summary>Adam7: seven reduced images, each with its own first scanline (filtered against zeros).</summary>
    public static void DecodeAdam7(PngHeader header, PngPixelConverter converter, Span<byte> filtered, Span<uint> pixels)
    {
        uint[] rowBuffer = ArrayPool<uint>.Shared.Rent(header.Width);
        try
        {
            int offset = 0;
            for (int pass = 0; pass < Adam7.PassCount; pass++)
            {
                var (x0, y0, dx, dy, passWidth, passHeight) = Adam7.Pass(pass, header.Width, header.Height);
                if (passWidth == 0 || passHeight == 0)
                    continue; // §8.2: an empty pass has no scanlines, not even filter bytes
                int lineBytes = (int)header.ScanlineBytes(passWidth);
                var row = rowBuffer.AsSpan(0, passWidth);
                ReadOnlySpan<byte> previous = default;
                for (int j = 0; j < passHeight; j++)
                {
                    var line = filtered.Slice(offset, lineBytes + 1);
                    offset += lineBytes + 1;
                    Unfilter(line, previous, header.FilterStride, j);
                    converter.Convert(line[1..], row);
                    previous = line[1..];
                    var target = pixels[((y0 + j * dy) * header.Width)..];
                    for (int i = 0, x = x0; i < row.Length; i++, x += dx)
                        target[x] = row[i];
                }
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(rowBuffer);
        }
    }

    private static void Unfilter(Span<byte> line, ReadOnlySpan<byte> previous, int stride, int y)
    {
        if (!PngFilters.TryUnfilter(line[0], line[1..], previous, stride))
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The PNG file is damaged: scanline {y} has filter type {line[0]}; only 0–4 exist (§9.2).");
    }
}
