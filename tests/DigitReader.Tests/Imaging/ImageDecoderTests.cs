using Xunit;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging;

/// <summary>The dispatcher: magic-byte detection, the size limit, and inputs that are no image at all.</summary>
public class ImageDecoderTests
{
    [Fact]
    public void An_empty_file_is_empty() =>
        Assert.Equal("The file is empty (0 bytes).", DecodeAssert.Fails(DecodeErrorReason.Empty, []).Message);

    [Theory]
    [InlineData("GIF89a\x01\x00\x01\x00", "GIF images are not supported.")]
    [InlineData("GIF87a\x01\x00\x01\x00", "GIF images are not supported.")]
    [InlineData("RIFF\x10\x00\x00\x00WEBPVP8 ", "WebP images are not supported.")]
    [InlineData("Dear team, the digits are attached.\n", "This is not an image in a supported format.")]
    [InlineData("P2P networks\n", "This is not an image in a supported format.")]
    [InlineData("\x89PNX\r\n\x1a\n", "This is not an image in a supported format.")]
    public void Unsupported_or_unknown_formats_name_the_supported_ones(string content, string start)
    {
        var data = content.Select(c => (byte)c).ToArray();
        var e = DecodeAssert.Fails(DecodeErrorReason.UnsupportedFormat, data);
        Assert.StartsWith(start, e.Message);
        Assert.EndsWith("Supported formats: PNG, JPEG, BMP, PGM/PPM.", e.Message);
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_refused()
    {
        var png = Corpus.Instance.Get("png-rgb8-plain-17x9.png").Bytes;
        var e = DecodeAssert.Fails(DecodeErrorReason.FileTooLarge, png, new DecodeLimits { MaxBytes = 100 });
        Assert.Contains("the limit is 100 bytes", e.Message);
    }

    [Fact]
    public void Limits_apply_to_every_format()
    {
        var tight = new DecodeLimits { MaxPixels = 100, MaxDimension = 50 };
        foreach (var name in new[] { "png-gray8-plain-300x200.png", "bmp-im-24-300x200.bmp", "pnm-p5-300x200.pnm" })
            DecodeAssert.Fails(DecodeErrorReason.ImageTooLarge, Corpus.Instance.Get(name).Bytes, tight);
        foreach (var name in new[] { "png-gray8-plain-17x9.png", "bmp-im-24-17x9.bmp", "pnm-p5-17x9.pnm" })
            DecodeAssert.Fails(DecodeErrorReason.ImageTooLarge, Corpus.Instance.Get(name).Bytes, tight with { MaxDimension = 16 });
    }

    [Fact]
    public void Gray_conversion_composites_transparency_onto_white()
    {
        var gray = ImageDecoder.DecodeGray(Corpus.Instance.Get("png-gray8-trns-plain-1x1.png").Bytes);
        Assert.Equal(new byte[] { 255 }, gray.Pixels);
    }
}
