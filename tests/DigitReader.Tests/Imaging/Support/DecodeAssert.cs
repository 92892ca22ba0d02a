using Xunit;
using DigitReader.Imaging;

namespace DigitReader.Tests.Imaging.Support;

internal static class DecodeAssert
{
    /// <summary>
    /// Decodes corpus file <paramref name="name"/> after checking it has the feature it stands for, and asserts the
    /// format was detected from its bytes and the pixels equal ImageMagick's (<see cref="MatchesReference"/>).
    /// </summary>
    public static void DecodesLikeImageMagick(string name)
    {
        var file = Corpus.Instance.Get(name);
        var bytes = file.Bytes;
        file.Verify?.Invoke(bytes);
        var image = ImageDecoder.Decode(bytes, null, out var format);
        Assert.Equal(file.Format, format);
        MatchesReference(file, image);
        // The direct grayscale decode (PNG without an RGBA image) gives exactly the RGBA decode's luma.
        var gray = ImageDecoder.DecodeGray(bytes, null, out var grayFormat);
        Assert.Equal(file.Format, grayFormat);
        Assert.Equal((image.Width, image.Height), (gray.Width, gray.Height));
        Assert.Equal(image.ToGray().Pixels, gray.Pixels);
    }

    /// <summary>Asserts the decode equals ImageMagick's, byte for byte, naming the first differing pixel.</summary>
    public static void MatchesReference(CorpusFile file, RgbaImage image)
    {
        Assert.Equal((file.Width, file.Height), (image.Width, image.Height));
        Assert.Equal(file.Reference.Length, image.Pixels.Length);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            bool alpha = i % 4 == 3;
            byte expected = file.CompareColourOnly && alpha ? (byte)255 : file.Reference[i];
            if (image.Pixels[i] != expected)
            {
                int p = i / 4;
                Assert.Fail($"{file.Name}: pixel ({p % file.Width}, {p / file.Width}) channel {"RGBA"[i % 4]} is {image.Pixels[i]}, " +
                    $"ImageMagick says {expected} (ours {Hex(image.Pixels, p)}, ImageMagick {Hex(file.Reference, p)}).");
            }
        }
    }

    /// <summary>Asserts decoding fails with <paramref name="reason"/> and returns the exception for further checks.</summary>
    public static ImageDecodeException Fails(DecodeErrorReason reason, byte[] data, DecodeLimits? limits = null)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data, limits));
        Assert.True(reason == e.Reason, $"Expected {reason}, got {e.Reason}: {e.Message}");
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }

    /// <summary>Runs <paramref name="action"/> and returns the bytes it allocated on this thread.</summary>
    public static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Hex(byte[] rgba, int p) => Convert.ToHexString(rgba, 4 * p, 4);
}
