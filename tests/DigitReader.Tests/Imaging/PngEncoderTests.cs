using DigitReader.Imaging;

namespace DigitReader.Tests.Imaging;

public class PngEncoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Encoded_images_decode_back_to_the_same_pixels(int channels)
    {
        const int width = 19, height = 7;
        var random = new Random(channels);
        var pixels = new byte[width * height * channels];
        random.NextBytes(pixels);
        var decoded = ImageDecoder.Decode(PngEncoder.Encode(width, height, channels, pixels), null, out var format);
        Assert.Equal(ImageFormat.Png, format);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        for (int i = 0; i < width * height; i++)
        {
            byte[] expected = channels switch
            {
                1 => [pixels[i], pixels[i], pixels[i], 255],
                3 => [pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2], 255],
                _ => pixels[(4 * i)..(4 * i + 4)],
            };
            Assert.Equal(expected, decoded.Pixels[(4 * i)..(4 * i + 4)]);
        }
    }

    [Fact]
    public void Wrong_lengths_and_channel_counts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(2, 2, 3, new byte[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(2, 2, 2, new byte[8]));
    }
}
