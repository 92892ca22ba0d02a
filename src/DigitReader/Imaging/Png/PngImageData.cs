using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace DigitReader.Imaging.Png;

/// <summary>
/// The image data of a PNG file: the concatenated IDAT chunk data forms one zlib stream (PNG specification
/// §10 "Compression", §11.2.4 "IDAT Image data"), which inflates to the filtered scanlines.
/// </summary>
internal static class PngImageData
{
    /// <summary>
    /// The most a deflate stream can expand: a length-258 match coded in 2 bits gives at most 1032:1
    /// (RFC 1951 §3.2.5). A header declaring more pixels than its IDAT data could ever hold is refused before
    /// anything image-sized is allocated.
    /// </summary>
    public const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Inflates exactly <c>destination.Length</c> bytes from the IDAT chunks that start at
    /// <paramref name="firstIdat"/> and hold <paramref name="compressedLength"/> bytes in total. Inflating stops
    /// there, so a stream that would expand further (a decompression bomb) costs no more than the declared
    /// image; data after that point is ignored, as libpng does.
    /// </summary>
    /// <exception cref="ImageDecodeException">Invalid zlib data, or the stream ends before the last scanline.</exception>
    public static void Inflate(ReadOnlySpan<byte> file, int firstIdat, int compressedLength, Span<byte> destination)
    {
        byte[] compressed = ArrayPool<byte>.Shared.Rent(compressedLength);
        try
        {
            // The chunks were bounds- and CRC-checked by PngChunkReader; here we only gather their data.
            int written = 0;
            for (int position = firstIdat; written < compressedLength;)
            {
                int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
                file.Slice(position + 8, length).CopyTo(compressed.AsSpan(written));
                written += length;
                position += length + 12;
            }

            int inflated;
            using (var source = new MemoryStream(compressed, 0, compressedLength, writable: false))
            using (var zlib = new ZLibStream(source, CompressionMode.Decompress))
            {
                try
                {
                    inflated = zlib.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
                }
                catch (InvalidDataException e)
                {
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                        "The PNG image data (IDAT) is not a valid zlib stream (the file is damaged).", e);
                }
            }
            if (inflated < destination.Length)
                throw new ImageDecodeException(DecodeErrorReason.Truncated,
                    $"The PNG image data (IDAT) ends after {inflated:N0} of {destination.Length:N0} bytes of scanlines (truncated).");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }
}
