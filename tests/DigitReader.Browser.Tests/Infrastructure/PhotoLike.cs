using DigitReader.Imaging;
using DigitReader.Web.Imaging;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Browser.Tests.Infrastructure;

/// <summary>
/// A photo-like picture of an MNIST test digit: uneven grey paper with sensor noise, the digit smoothly
/// enlarged and written in dark ink off-centre in a larger frame, as a phone snapshot of a note would be.
/// </summary>
public static class PhotoLike
{
    /// <summary>A 400 × 300 grayscale PNG of MNIST test image <paramref name="index"/>.</summary>
    public static byte[] Png(int index)
    {
        const int width = 400, height = 300, digitSide = 220, left = 110, top = 45;
        var paper = TestImages.MnistPaper(index, 1); // 28 × 28, 255 = paper, 0 = ink
        var random = new Random(index);
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double background = 200 + 25.0 * x / width - 15.0 * y / height + random.Next(-8, 9);
                double ink = 0;
                if (x >= left && x < left + digitSide && y >= top && y < top + digitSide)
                    ink = 1 - Bilinear(paper, (x - left + 0.5) * 28.0 / digitSide - 0.5, (y - top + 0.5) * 28.0 / digitSide - 0.5) / 255.0;
                pixels[y * width + x] = (byte)Math.Clamp(background * (1 - ink) + 40 * ink, 0, 255);
            }
        }
        return PngEncoder.Encode(new GrayImage(width, height, pixels));
    }

    private static double Bilinear(DigitReader.Imaging.GrayImage image, double fx, double fy)
    {
        int x0 = (int)Math.Floor(fx), y0 = (int)Math.Floor(fy);
        double ax = fx - x0, ay = fy - y0;
        double At(int x, int y) => image[Math.Clamp(x, 0, image.Width - 1), Math.Clamp(y, 0, image.Height - 1)];
        return (At(x0, y0) * (1 - ax) + At(x0 + 1, y0) * ax) * (1 - ay) + (At(x0, y0 + 1) * (1 - ax) + At(x0 + 1, y0 + 1) * ax) * ay;
    }
}
