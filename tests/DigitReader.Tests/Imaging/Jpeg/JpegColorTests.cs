using DigitReader.Imaging;
using DigitReader.Imaging.Jpeg;
using Xunit;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>Adobe CMYK (and plain colour) JPEGs decode to about the right colours.</summary>
public sealed class JpegColorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("digitreader-jpeg-color-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly (byte R, byte G, byte B)[] Patches =
    [
        (255, 255, 255), (0, 0, 0), (128, 128, 128), (220, 30, 30),
        (30, 160, 60), (40, 60, 200), (240, 220, 40), (250, 240, 225),
    ];

    /// <summary>A 4×2 grid of 32×32 flat patches, so patch centres are free of compression ringing.</summary>
    private string PatchImage()
    {
        var samples = new byte[128 * 64 * 3];
        for (int y = 0; y < 64; y++)
        for (int x = 0; x < 128; x++)
        {
            var p = Patches[(y / 32) * 4 + x / 32];
            int i = (y * 128 + x) * 3;
            (samples[i], samples[i + 1], samples[i + 2]) = (p.R, p.G, p.B);
        }
        string path = Path.Combine(_directory, "patches.ppm");
        File.WriteAllBytes(path, JpegTools.Pnm(128, 64, samples, color: true));
        return path;
    }

    private static void AssertPatches(RgbaImage image, int tolerance, string what)
    {
        Assert.Equal((128, 64), (image.Width, image.Height));
        for (int p = 0; p < Patches.Length; p++)
        {
            int x = (p % 4) * 32 + 16, y = (p / 4) * 32 + 16, i = (y * 128 + x) * 4;
            var (r, g, b) = Patches[p];
            var actual = (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
            Assert.True(Math.Abs(actual.Item1 - r) <= tolerance && Math.Abs(actual.Item2 - g) <= tolerance && Math.Abs(actual.Item3 - b) <= tolerance,
                $"{what}: patch {p} should be about ({r}, {g}, {b}), is {actual}");
        }
    }

    [Fact]
    public void Adobe_CMYK_from_ImageMagick_decodes_to_about_the_right_colours()
    {
        string cmyk = Path.Combine(_directory, "cmyk.jpg");
        JpegTools.Run(JpegTools.Convert, PatchImage(), "-colorspace", "CMYK", "-quality", "95", cmyk);
        var data = File.ReadAllBytes(cmyk);
        Assert.True(data.AsSpan().IndexOf("Adobe"u8) > 0, "ImageMagick wrote no Adobe APP14 segment");
        // ImageMagick's own naive CMYK → RGB conversion is the same arithmetic, so both land near the original.
        AssertPatches(JpegDecoder.Decode(data, DecodeLimits.Default), tolerance: 12, "CMYK");
    }

    [Fact]
    public void YCbCr_colours_survive_a_high_quality_round_trip()
    {
        string path = Path.Combine(_directory, "ycc.jpg");
        JpegTools.Run(JpegTools.Cjpeg, "-quality", "95", "-sample", "1x1", "-outfile", path, PatchImage());
        AssertPatches(JpegDecoder.Decode(File.ReadAllBytes(path), DecodeLimits.Default), tolerance: 6, "YCbCr");
    }

    [Fact]
    public void RGB_JPEG_without_colour_transform_decodes()
    {
        // cjpeg -rgb writes component identifiers 'R', 'G', 'B' and no JFIF-implied YCbCr transform.
        string path = Path.Combine(_directory, "rgb.jpg");
        JpegTools.Run(JpegTools.Cjpeg, "-rgb", "-quality", "95", "-outfile", path, PatchImage());
        AssertPatches(JpegDecoder.Decode(File.ReadAllBytes(path), DecodeLimits.Default), tolerance: 6, "RGB");
    }
}
