using DigitReader.Imaging;
using DigitReader.Imaging.Jpeg;
using Xunit;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>Decodes cjpeg output and compares it with libjpeg-turbo's djpeg, pixel by pixel.</summary>
public sealed class JpegConformanceTests(JpegCorpus corpus) : IClassFixture<JpegCorpus>
{
    public static TheoryData<string> Names => new(JpegCorpus.Entries.Keys);

    /// <summary>The corpus without the 12-megapixel file, which the grayscale test alone covers to keep the run short.</summary>
    public static TheoryData<string> SmallNames => new(JpegCorpus.Entries.Where(e => e.Value.Width * e.Value.Height < 1_000_000).Select(e => e.Key));

    [Theory]
    [MemberData(nameof(Names))]
    public void Grayscale_matches_djpeg_within_two_levels(string name)
    {
        string path = corpus.Get(name);
        var bytes = File.ReadAllBytes(path);
        var gray = JpegDecoder.Decode(bytes, DecodeLimits.Default).ToGray();
        var direct = JpegDecoder.DecodeGray(bytes, DecodeLimits.Default); // the Y plane, no colour conversion

        // djpeg's output (islow IDCT) reduced with the same luma formula. -nosmooth: see the colour test.
        var (w, h, channels, samples) = JpegTools.ParsePnm(JpegTools.Run(JpegTools.Djpeg, "-pnm", "-nosmooth", path));
        Assert.Equal((w, h), (gray.Width, gray.Height));
        var expected = JpegTools.Luma(channels, samples);
        AssertClose(expected, gray.Pixels, w, 1, tolerance: 2, name);

        // The Y plane against djpeg's own grayscale output, which is Y too (where colours saturate, the luma
        // of the clamped RGB is not: it can differ by several levels, so that is the wrong reference for Y).
        var (gw, gh, grayChannels, ySamples) = JpegTools.ParsePnm(JpegTools.Run(JpegTools.Djpeg, "-pnm", "-grayscale", path));
        Assert.Equal((1, gw, gh), (grayChannels, direct.Width, direct.Height));
        AssertClose(ySamples, direct.Pixels, gw, 1, tolerance: 2, name + " (Y plane)");
    }

    /// <summary>
    /// The corpus except quality 10, where chroma is so coarse that colours saturate: there djpeg's
    /// default triangular ("fancy") chroma upsampling and this decoder's replication clamp differently
    /// and luma can differ by 3. Everywhere else the upsampling choice does not show in grey.
    /// </summary>
    public static TheoryData<string> UsualQualityNames => new(JpegCorpus.Entries.Keys.Where(n => !n.Contains("-q10")));

    [Theory]
    [MemberData(nameof(UsualQualityNames))]
    public void Grayscale_matches_default_djpeg_within_two_levels(string name)
    {
        string path = corpus.Get(name);
        var gray = JpegDecoder.Decode(File.ReadAllBytes(path), DecodeLimits.Default).ToGray();
        var (w, h, channels, samples) = JpegTools.ParsePnm(JpegTools.Run(JpegTools.Djpeg, "-pnm", path));
        Assert.Equal((w, h), (gray.Width, gray.Height));
        AssertClose(JpegTools.Luma(channels, samples), gray.Pixels, w, 1, tolerance: 2, name);
    }

    [Theory]
    [MemberData(nameof(SmallNames))]
    public void Colour_matches_djpeg_with_replicated_upsampling(string name)
    {
        string path = corpus.Get(name);
        var image = JpegDecoder.Decode(File.ReadAllBytes(path), DecodeLimits.Default);

        // -nosmooth makes djpeg replicate chroma samples as this decoder does; the remaining differences
        // are IDCT rounding, which the chroma-to-RGB factors (up to 1.772) magnify.
        var (w, h, channels, samples) = JpegTools.ParsePnm(JpegTools.Run(JpegTools.Djpeg, "-pnm", "-nosmooth", path));
        Assert.Equal((w, h), (image.Width, image.Height));
        var rgb = new byte[w * h * channels];
        for (int i = 0; i < w * h; i++)
        for (int c = 0; c < channels; c++)
            rgb[i * channels + c] = image.Pixels[i * 4 + c];
        AssertClose(samples, rgb, w, channels, tolerance: 4, name);
        for (int i = 0; i < w * h; i++) Assert.Equal(255, image.Pixels[i * 4 + 3]);
    }

    private static void AssertClose(byte[] expected, byte[] actual, int width, int channels, int tolerance, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = 0, worstAt = 0;
        long total = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            total += d;
            if (d > worst) (worst, worstAt) = (d, i);
        }
        int pixel = worstAt / channels;
        Assert.True(worst <= tolerance,
            $"{name}: sample {worstAt % channels} of pixel ({pixel % width}, {pixel / width}) is {actual[worstAt]}, djpeg says {expected[worstAt]} (tolerance {tolerance}).");
        // Outliers aside, the decoders should agree almost everywhere.
        double mean = (double)total / expected.Length;
        Assert.True(mean < 0.25, $"{name}: mean absolute difference {mean:F3} from djpeg.");
    }
}
