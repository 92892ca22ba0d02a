using System.Buffers.Binary;

namespace DigitReader.Data;

/// <summary>A set of images read from an IDX3 file: <c>Count × Rows × Columns</c> bytes, row-major, image after image.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Pixels per image.</summary>
    public int ImageSize => Rows * Columns;

    /// <summary>The pixels of image <paramref name="index"/> (0 = background, 255 = full ink, as in MNIST).</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);
}

/// <summary>Thrown when an IDX file is malformed; the message names the file and the fault.</summary>
public sealed class IdxFormatException(string message) : Exception(message);

/// <summary>
/// Reads the IDX format of the MNIST distribution (LeCun et al., "THE MNIST DATABASE of handwritten
/// digits"): a big-endian magic number <c>0x00 0x00 type dims</c>, one big-endian 32-bit size per
/// dimension, then the data. Only unsigned bytes (type 0x08) are used by MNIST.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an IDX3 image file.</summary>
    /// <exception cref="IdxFormatException">Wrong magic number, absurd dimensions or a length that does not match the header.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxImages ReadImages(string path)
    {
        // Read the header first and check it against the file length, so a truncated 47 MB file is
        // rejected before it is read, and the pixels are read once straight into their array.
        using var stream = File.OpenRead(path);
        var header = new byte[16];
        int headerLength = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var (count, rows, columns) = ParseImagesHeader(header.AsSpan(0, headerLength), stream.Length, path);
        var pixels = new byte[(long)count * rows * columns];
        stream.ReadExactly(pixels);
        return new IdxImages(count, rows, columns, pixels);
    }

    /// <summary>Reads an IDX1 label file; every label must be a digit 0–9.</summary>
    /// <exception cref="IdxFormatException">Wrong magic number, a length that does not match the header, or a label above 9.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static byte[] ReadLabels(string path) => ParseLabels(File.ReadAllBytes(path), path);

    /// <summary>Parses the bytes of an IDX3 image file; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="IdxFormatException">As <see cref="ReadImages"/>.</exception>
    public static IdxImages ParseImages(byte[] bytes, string name)
    {
        var (count, rows, columns) = ParseImagesHeader(bytes, bytes.LongLength, name);
        return new IdxImages(count, rows, columns, bytes.AsSpan(16).ToArray());
    }

    private static (int Count, int Rows, int Columns) ParseImagesHeader(ReadOnlySpan<byte> header, long fileLength, string name)
    {
        CheckMagic(header, ImagesMagic, 16, name, "image");
        int count = ReadDim(header, 4, name, "count");
        int rows = ReadDim(header, 8, name, "rows");
        int columns = ReadDim(header, 12, name, "columns");
        if (rows == 0 || columns == 0 || rows > 4096 || columns > 4096)
            throw new IdxFormatException($"{name}: image size {rows}×{columns} is not plausible.");
        long expected = 16 + (long)count * rows * columns;
        if (fileLength != expected)
            throw new IdxFormatException($"{name}: header declares {count} images of {rows}×{columns} ({expected:N0} bytes) but the file has {fileLength:N0} bytes.");
        // One managed array holds every pixel; refuse what it cannot hold rather than overflow.
        if (expected - 16 > Array.MaxLength)
            throw new IdxFormatException($"{name}: {expected - 16:N0} pixel bytes are more than one array can hold.");
        return (count, rows, columns);
    }

    /// <summary>Parses the bytes of an IDX1 label file; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="IdxFormatException">As <see cref="ReadLabels"/>.</exception>
    public static byte[] ParseLabels(byte[] bytes, string name)
    {
        CheckMagic(bytes, LabelsMagic, 8, name, "label");
        int count = ReadDim(bytes, 4, name, "count");
        if (bytes.LongLength != 8L + count)
            throw new IdxFormatException($"{name}: header declares {count} labels ({8L + count:N0} bytes) but the file has {bytes.LongLength:N0} bytes.");
        var labels = bytes.AsSpan(8).ToArray();
        int bad = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)9);
        if (bad >= 0) throw new IdxFormatException($"{name}: label at index {bad} is {labels[bad]}, not a digit 0–9.");
        return labels;
    }

    private static void CheckMagic(ReadOnlySpan<byte> bytes, int magic, int headerLength, string name, string kind)
    {
        if (bytes.Length < headerLength)
            throw new IdxFormatException($"{name}: {bytes.Length} bytes is shorter than an IDX {kind} header ({headerLength} bytes).");
        int actual = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (actual != magic)
            throw new IdxFormatException($"{name}: magic number 0x{actual:X8} is not that of an IDX {kind} file (0x{magic:X8}).");
    }

    private static int ReadDim(ReadOnlySpan<byte> bytes, int offset, string name, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(bytes[offset..]);
        if (value < 0) throw new IdxFormatException($"{name}: {what} {value} is negative.");
        return value;
    }
}
