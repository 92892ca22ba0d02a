using DigitReader.Imaging;
using DigitReader.Web.Imaging;

namespace DigitReader.Web.Tests.Units;

public sealed class ImageRenderingTests
{
    [Fact]
    public void Feature_map_is_stretched_to_its_own_range()
    {
        var image = ImageRendering.FeatureMap([-2f, 0f, 2f, 1f]);
        Assert.Equal((2, 2), (image.Width, image.Height));
        Assert.Equal(new byte[] { 0, 128, 255, 191 }, image.Pixels);
    }

    [Fact]
    public void Constant_feature_map_is_black() =>
        Assert.All(ImageRendering.FeatureMap(new float[9]).Pixels, p => Assert.Equal(0, p));

    [Fact]
    public void Non_square_feature_map_is_refused() =>
        Assert.Throws<ArgumentException>(() => ImageRendering.FeatureMap(new float[6]));

    [Fact]
    public void Thumbnail_keeps_aspect_and_averages()
    {
        var pixels = new byte[400 * 200];
        for (int y = 0; y < 200; y++) for (int x = 200; x < 400; x++) pixels[y * 400 + x] = 255; // right half white
        var thumb = ImageRendering.Thumbnail(new GrayImage(400, 200, pixels), 100);
        Assert.Equal((100, 50), (thumb.Width, thumb.Height));
        Assert.Equal(0, thumb[10, 10]);
        Assert.Equal(255, thumb[90, 40]);
    }

    [Fact]
    public void Small_image_is_not_enlarged()
    {
        var small = new GrayImage(20, 10, new byte[200]);
        Assert.Same(small, ImageRendering.Thumbnail(small, 160));
    }
}
