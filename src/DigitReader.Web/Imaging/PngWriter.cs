using System.Buffers.Binary;
using System.IO.Compression;
using DigitReader.Imaging;

namespace DigitReader.Web.Imaging;

/// <summary>
/// A minimal PNG encoder for 8-bit grayscale images (colour type 0, bit depth 8, no interlace), enough
/// to show the pipeline's intermediate images in a browser. Every row uses filter type 0 (None):
/// the images are small and the output only has to be valid, not minimal.
/// </summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes a grayscale image as a PNG file.</summary>
    public static byte[] Encode(GrayImage image) => Encode(image.Width, image.Height, image.Pixels);

    /// <summary>Encodes <paramref name="width"/> × <paramref name="height"/> luma bytes (row-major, 0 = black) as a PNG file.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is not width × height long.</exception>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"Expected {width}×{height} pixels, got {pixels.Length}.", nameof(pixels));

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 0;  // colour type: grayscale
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive (per-row filter byte)
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        WriteChunk(output, "IDAT"u8, Compress(width, height, pixels));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>The zlib stream of the scanlines, each prefixed with filter byte 0.</summary>
    private static byte[] Compress(int width, int height, ReadOnlySpan<byte> pixels)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels.Slice(y * width, width));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        // The CRC covers the chunk type and data, not the length.
        uint crc = Crc32.Update(Crc32.Update(Crc32.Initial, type), data) ^ Crc32.Initial;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
