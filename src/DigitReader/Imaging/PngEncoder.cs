using System.Buffers.Binary;
using System.IO.Compression;

namespace DigitReader.Imaging;

/// <summary>
/// Writes 8-bit PNG files — grayscale, RGB or RGBA (colour types 0, 2 and 6), filter type 0 on every
/// scanline, one IDAT chunk — enough to show the pipeline's intermediate images in the CLI, reports and
/// the web app, and to make test images. Chunk layout and CRC-32 per the PNG specification (W3C, 2003),
/// sections 5.3–5.4 and 11.2.
/// </summary>
public static class PngEncoder
{
    /// <summary>Encodes <paramref name="image"/> as grayscale PNG bytes.</summary>
    public static byte[] Encode(GrayImage image) => Encode(image.Width, image.Height, 1, image.Pixels);

    /// <summary>Encodes <paramref name="image"/> as RGBA PNG bytes.</summary>
    public static byte[] Encode(RgbaImage image) => Encode(image.Width, image.Height, 4, image.Pixels);

    /// <summary>
    /// Encodes <paramref name="pixels"/>: <paramref name="channels"/> bytes a pixel (1 = gray, 3 = RGB,
    /// 4 = RGBA with straight alpha), row-major, top row first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or channels is not 1, 3 or 4.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> has the wrong length.</exception>
    public static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        byte colourType = channels switch { 1 => 0, 3 => 2, 4 => 6, _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1, 3 or 4.") };
        int stride = width * channels;
        if (pixels.Length != (long)stride * height)
            throw new ArgumentException($"Expected {width}×{height}×{channels} bytes, got {pixels.Length}.", nameof(pixels));
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = colourType;
        WriteChunk(output, "IHDR"u8, header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                for (int y = 0; y < height; y++)
                {
                    zlib.WriteByte(0); // filter type None
                    zlib.Write(pixels.Slice(y * stride, stride));
                }
            }
            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Png.PngCrc32.Compute(type, data));
        output.Write(word);
    }
}
