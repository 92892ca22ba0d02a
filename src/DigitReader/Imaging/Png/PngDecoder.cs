using System.Buffers;

namespace DigitReader.Imaging.Png;

/// <summary>
/// Decodes PNG files (W3C PNG Specification, 3rd edition / ISO/IEC 15948): all colour types and bit
/// depths, PLTE, tRNS, Adam7 interlacing, the five filter types, multiple IDAT chunks, CRC-32 on every chunk.
/// Gamma, chromaticity and ICC chunks are ignored (see <see cref="PngPixelConverter"/>); ancillary chunks
/// in general are skipped after their CRC is checked.
/// </summary>
public static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes a whole PNG file held in memory.</summary>
    /// <param name="data">The file, starting with the 8-byte signature (§5.2).</param>
    /// <param name="limits">Size limits, checked right after IHDR, before any image-sized allocation.</param>
    /// <returns>The image as row-major RGBA, straight alpha, top row first.</returns>
    /// <exception cref="ImageDecodeException">
    /// <see cref="DecodeErrorReason.Truncated"/>, <see cref="DecodeErrorReason.Corrupt"/> (bad CRC, bad zlib
    /// data, bad filter type, misplaced chunks…), <see cref="DecodeErrorReason.UnsupportedFeature"/> (an unknown
    /// critical chunk), <see cref="DecodeErrorReason.InvalidDimensions"/> or <see cref="DecodeErrorReason.ImageTooLarge"/>.
    /// </exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits) => DecodeRgba(data, Parse(data, limits));

    private static RgbaImage DecodeRgba(ReadOnlySpan<byte> data, Layout layout)
    {
        byte[] raw = ArrayPool<byte>.Shared.Rent(layout.ScanlineBytes);
        try
        {
            var filtered = Inflate(data, layout, raw);
            var header = layout.Header;
            var pixels = new byte[header.Width * header.Height * 4];
            if (header.Interlaced)
                PngScanlines.DecodeAdam7(header, layout.Converter, filtered, Rgba32.AsPixels(pixels));
            else
                PngScanlines.DecodeSequential(header, layout.Converter, filtered, Rgba32.AsPixels(pixels));
            return new RgbaImage(header.Width, header.Height, pixels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>
    /// Decodes a whole PNG file straight to grayscale: the same pixels as <see cref="Decode"/> followed by
    /// <see cref="RgbaImage.ToGray"/> (composited onto white, BT.601 luma), without the RGBA image in between.
    /// Scanlines are converted one at a time, so a canvas export never allocates four bytes a pixel.
    /// </summary>
    /// <param name="data">The file, starting with the 8-byte signature (§5.2).</param>
    /// <param name="limits">Size limits, checked right after IHDR, before any image-sized allocation.</param>
    /// <returns>The image as row-major 8-bit gray (0 = black), top row first.</returns>
    /// <exception cref="ImageDecodeException">As <see cref="Decode"/>.</exception>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        var layout = Parse(data, limits);
        var header = layout.Header;
        if (header.Interlaced) return DecodeRgba(data, layout).ToGray(); // Adam7 scatters each pass over the whole image
        byte[] raw = ArrayPool<byte>.Shared.Rent(layout.ScanlineBytes);
        uint[] row = ArrayPool<uint>.Shared.Rent(header.Width);
        try
        {
            var filtered = Inflate(data, layout, raw);
            var gray = GC.AllocateUninitializedArray<byte>(header.Width * header.Height); // every byte is written
            PngScanlines.DecodeSequential(header, layout.Converter, filtered, row.AsSpan(0, header.Width), gray);
            return new GrayImage(header.Width, header.Height, gray);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<uint>.Shared.Return(row);
        }
    }

    /// <summary>What the chunks say: the header, the pixel converter, where the image data starts and how long it is.</summary>
    private sealed record Layout(PngHeader Header, PngPixelConverter Converter, int FirstIdat, int CompressedLength, int ScanlineBytes);

    /// <summary>Inflates the image data into <paramref name="raw"/> (at least <see cref="Layout.ScanlineBytes"/> long) and returns the scanlines.</summary>
    private static Span<byte> Inflate(ReadOnlySpan<byte> data, Layout layout, byte[] raw)
    {
        var filtered = raw.AsSpan(0, layout.ScanlineBytes);
        PngImageData.Inflate(data, layout.FirstIdat, layout.CompressedLength, filtered);
        return filtered;
    }

    /// <summary>Reads and checks every chunk (signature, order, CRCs, sizes) without touching the image data.</summary>
    private static Layout Parse(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (data.Length < 8 || !data[..8].SequenceEqual(Signature))
            throw Signature.StartsWith(data)
                ? new ImageDecodeException(DecodeErrorReason.Truncated, "The PNG file ends inside its 8-byte signature (truncated).")
                : new ImageDecodeException(DecodeErrorReason.UnsupportedFormat, "This is not a PNG file: the PNG signature is missing.");

        var reader = new PngChunkReader(data);
        if (!reader.TryReadNext(out var chunk))
            throw new ImageDecodeException(DecodeErrorReason.Truncated, "The PNG file ends right after its signature (truncated).");
        if (chunk.Type != PngChunkTypes.IHDR)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt, $"The PNG file starts with a {chunk.Name} chunk; IHDR must come first (§5.6).");
        var header = PngHeader.Parse(chunk.Data, limits);

        ReadOnlySpan<byte> plte = default, trns = default;
        bool hasPlte = false, hasTrns = false, idatEnded = false, sawEnd = false;
        int firstIdat = -1;
        long compressedLength = 0;
        while (!sawEnd && reader.TryReadNext(out chunk))
        {
            if (chunk.Type != PngChunkTypes.IDAT && firstIdat >= 0)
                idatEnded = true;
            switch (chunk.Type)
            {
                case PngChunkTypes.IDAT:
                    if (idatEnded)
                        throw Corrupt("Its IDAT chunks are not consecutive (§5.6).");
                    if (firstIdat < 0) firstIdat = chunk.Start;
                    compressedLength += chunk.Data.Length;
                    break;
                case PngChunkTypes.IEND:
                    sawEnd = true;
                    break;
                case PngChunkTypes.PLTE:
                    if (hasPlte || firstIdat >= 0)
                        throw Corrupt("It has a second PLTE chunk, or one after the image data (§5.6).");
                    if (header.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleAlpha)
                        throw Corrupt("A grayscale image must not have a PLTE chunk (§11.2.3).");
                    if (chunk.Data.Length is 0 or > 768 || chunk.Data.Length % 3 != 0)
                        throw Corrupt($"Its PLTE chunk is {chunk.Data.Length} bytes long; it must hold 1 to 256 three-byte entries (§11.2.3).");
                    plte = chunk.Data;
                    hasPlte = true;
                    break;
                case PngChunkTypes.tRNS:
                    if (hasTrns || firstIdat >= 0)
                        throw Corrupt("It has a second tRNS chunk, or one after the image data (§5.6).");
                    trns = chunk.Data;
                    hasTrns = true;
                    break;
                case PngChunkTypes.IHDR:
                    throw Corrupt("It has a second IHDR chunk.");
                default:
                    if (chunk.IsCritical)
                        throw new ImageDecodeException(DecodeErrorReason.UnsupportedFeature,
                            $"The PNG file has a critical chunk of unknown type {chunk.Name}, so it cannot be shown correctly.");
                    break; // ancillary chunks (gAMA, iCCP, tEXt, …) are not needed for recognition
            }
        }
        if (!sawEnd)
            throw new ImageDecodeException(DecodeErrorReason.Truncated, firstIdat < 0
                ? "The PNG file ends before its image data (IDAT) (truncated)."
                : "The PNG file ends before its IEND chunk (truncated).");
        if (firstIdat < 0)
            throw Corrupt("It has no image data (no IDAT chunk).");

        var converter = new PngPixelConverter(header, plte, hasPlte, trns, hasTrns);
        long scanlineBytes = FilteredSize(header);
        if (scanlineBytes > compressedLength * PngImageData.MaxDeflateRatio + 64)
            throw new ImageDecodeException(DecodeErrorReason.Truncated,
                $"The PNG image data ({compressedLength:N0} bytes compressed) is far too short for a {header.Width}×{header.Height} image (truncated).");
        if (scanlineBytes > Array.MaxLength)
            throw new ImageDecodeException(DecodeErrorReason.ImageTooLarge, "The PNG image is too large to decode in memory.");

        return new Layout(header, converter, firstIdat, (int)compressedLength, (int)scanlineBytes);
    }

    /// <summary>Size of the inflated data: per scanline one filter-type byte plus the packed samples (§7.2, §8.2).</summary>
    private static long FilteredSize(PngHeader header)
    {
        if (!header.Interlaced)
            return header.Height * (1 + header.ScanlineBytes(header.Width));
        long total = 0;
        for (int pass = 0; pass < Adam7.PassCount; pass++)
        {
            var p = Adam7.Pass(pass, header.Width, header.Height);
            if (p.Width > 0 && p.Height > 0)
                total += p.Height * (1 + header.ScanlineBytes(p.Width));
        }
        return total;
    }

    private static ImageDecodeException Corrupt(string detail) =>
        new(DecodeErrorReason.Corrupt, "The PNG file is damaged: " + char.ToLowerInvariant(detail[0]) + detail[1..]);
}
