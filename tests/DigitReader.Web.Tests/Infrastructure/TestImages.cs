using DigitReader.Imaging;
using System.Text;
using DigitReader.Data;
using DigitReader.Web.Imaging;

namespace DigitReader.Web.Tests.Infrastructure;

/// <summary>
/// Images for the tests. Real digits come from the MNIST test set (upscaled ×8 and inverted to dark ink
/// on white, like a scanned note) so "the right digit" assertions test the real pipeline; the rest are
/// made here byte by byte.
/// </summary>
public static class TestImages
{
    private static readonly Lazy<(IdxImages Images, byte[] Labels)> Mnist = new(LoadMnist);

    /// <summary>Where the MNIST files were looked for, in order.</summary>
    public static IEnumerable<string> MnistDirectories()
    {
        if (Environment.GetEnvironmentVariable("DIGITREADER_DATA") is { Length: > 0 } data)
        {
            yield return data;
            yield return Path.Combine(data, "mnist");
        }
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "digitreader", "mnist");
        yield return "/tmp/mnist/package/data";
    }

    private static (IdxImages, byte[]) LoadMnist()
    {
        foreach (string dir in MnistDirectories())
        {
            string images = Path.Combine(dir, "t10k-images-idx3-ubyte"), labels = Path.Combine(dir, "t10k-labels-idx1-ubyte");
            if (File.Exists(images) && File.Exists(labels)) return (IdxReader.ReadImages(images), IdxReader.ReadLabels(labels));
        }
        throw new InvalidOperationException("The MNIST test set (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) was not found in: "
            + string.Join(", ", MnistDirectories()) + ". Run 'digits data' or set DIGITREADER_DATA.");
    }

    /// <summary>The label of MNIST test image <paramref name="index"/>.</summary>
    public static int MnistLabel(int index) => Mnist.Value.Labels[index];

    /// <summary>The first test image with this label.</summary>
    public static int FirstMnistIndexOf(int digit) => Array.IndexOf(Mnist.Value.Labels, (byte)digit);

    /// <summary>MNIST test image <paramref name="index"/> as a 224 × 224 PNG, dark ink on white.</summary>
    public static byte[] MnistPng(int index, int scale = 8) => PngEncoder.Encode(MnistPaper(index, scale));

    /// <summary>
    /// A photo of a note on a desk: <see cref="MnistPaper"/> (224 × 224, white) in the middle of a 640 × 480 desk
    /// at grey level 90.
    /// </summary>
    public static byte[] MnistOnDeskPng(int index)
    {
        var note = MnistPaper(index);
        var pixels = Enumerable.Repeat((byte)90, 640 * 480).ToArray();
        int left = (640 - note.Width) / 2, top = (480 - note.Height) / 2;
        for (int y = 0; y < note.Height; y++) note.Pixels.AsSpan(y * note.Width, note.Width).CopyTo(pixels.AsSpan((top + y) * 640 + left));
        return PngEncoder.Encode(new GrayImage(640, 480, pixels));
    }

    /// <summary>The image as grayscale paper: upscaled by pixel replication and inverted.</summary>
    public static DigitReader.Imaging.GrayImage MnistPaper(int index, int scale = 8)
    {
        var (images, _) = Mnist.Value;
        var src = images.Image(index);
        int w = images.Columns * scale, h = images.Rows * scale;
        var pixels = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                pixels[y * w + x] = (byte)(255 - src[(y / scale) * images.Columns + x / scale]);
        return new DigitReader.Imaging.GrayImage(w, h, pixels);
    }

    /// <summary>A binary PGM (P5) of the same paper image.</summary>
    public static byte[] MnistPgm(int index)
    {
        var paper = MnistPaper(index, 4);
        var header = Encoding.ASCII.GetBytes($"P5\n{paper.Width} {paper.Height}\n255\n");
        return [.. header, .. paper.Pixels];
    }

    /// <summary>A plain white PNG: decodes fine but holds no digit.</summary>
    public static byte[] BlankPng() => PngEncoder.Encode(new GrayImage(100, 100, Enumerable.Repeat((byte)255, 100 * 100).ToArray()));

    /// <summary>The header of a GIF: a real format the app does not support.</summary>
    public static byte[] Gif() => [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 4, 1, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];

    /// <summary>A text file.</summary>
    public static byte[] Text() => "This is not an image.\n"u8.ToArray();

    /// <summary>A real PNG cut off after 60 bytes: the signature is right, the data is not all there.</summary>
    public static byte[] TruncatedPng() => MnistPng(0)[..60];

    /// <summary>A PNG whose header declares 40,000 × 40,000 pixels (far over the limits) with no image data.</summary>
    public static byte[] HugeDeclaredPng()
    {
        byte[] png = PngEncoder.Encode(new GrayImage(1, 1, [255]));
        // IHDR data starts at byte 16: width and height, big-endian. Rewrite them and fix the chunk CRC.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 40_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 40_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), DigitReader.Imaging.Png.PngCrc32.Compute(png.AsSpan(12, 4), png.AsSpan(16, 13)));
        return png;
    }
}
