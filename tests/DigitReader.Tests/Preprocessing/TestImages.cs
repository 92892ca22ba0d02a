using DigitReader.Imaging;
using DigitReader.Tests.Realistic;

namespace DigitReader.Tests.Preprocessing;

/// <summary>Small synthetic images for the normaliser's unit tests.</summary>
internal static class TestImages
{
    /// <summary>
    /// MNIST test digit <paramref name="index"/> enlarged <paramref name="factor"/> times with bilinear
    /// interpolation, as dark ink on white (or light on black when <paramref name="lightInk"/>).
    /// </summary>
    public static GrayImage Enlarged(int index, int factor, bool lightInk = false)
    {
        var digit = MnistTestDigits.Images.Image(index);
        int size = 28 * factor;
        var px = new byte[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double ink = Bilinear(digit, (x + 0.5) / factor - 0.5, (y + 0.5) / factor - 0.5);
                px[y * size + x] = (byte)Math.Round(lightInk ? ink : 255 - ink);
            }
        return new GrayImage(size, size, px);
    }

    /// <summary>A white page with the enlarged digit pasted (darkest wins) at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public static GrayImage Page(int width, int height, int index, int factor, int left, int top)
    {
        var page = Uniform(width, height, 245);
        Paste(page, Enlarged(index, factor), left, top);
        return page;
    }

    /// <summary>Pastes <paramref name="digit"/> onto <paramref name="page"/> at (<paramref name="left"/>, <paramref name="top"/>), darkest wins, clipped to the page.</summary>
    public static void Paste(GrayImage page, GrayImage digit, int left, int top)
    {
        for (int y = 0; y < digit.Height; y++)
            for (int x = 0; x < digit.Width; x++)
            {
                int px = left + x, py = top + y;
                if (px < 0 || py < 0 || px >= page.Width || py >= page.Height) continue;
                page.Pixels[py * page.Width + px] = Math.Min(page.Pixels[py * page.Width + px], digit[x, y]);
            }
    }

    public static GrayImage Uniform(int width, int height, byte level)
    {
        var px = new byte[width * height];
        Array.Fill(px, level);
        return new GrayImage(width, height, px);
    }

    /// <summary>Darkens row band [<paramref name="y"/>, y + thickness) across the whole width to <paramref name="level"/> (darkest wins).</summary>
    public static void HorizontalLine(GrayImage image, int y, int thickness, byte level)
    {
        for (int r = y; r < Math.Min(image.Height, y + thickness); r++)
            for (int x = 0; x < image.Width; x++)
                image.Pixels[r * image.Width + x] = Math.Min(image.Pixels[r * image.Width + x], level);
    }

    /// <summary>A dark disc of radius <paramref name="radius"/> at (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public static void Speck(GrayImage image, double cx, double cy, double radius, byte level = 30)
    {
        for (int y = Math.Max(0, (int)(cy - radius - 1)); y <= Math.Min(image.Height - 1, (int)(cy + radius + 1)); y++)
            for (int x = Math.Max(0, (int)(cx - radius - 1)); x <= Math.Min(image.Width - 1, (int)(cx + radius + 1)); x++)
                if ((x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy) <= radius * radius)
                    image.Pixels[y * image.Width + x] = level;
    }

    private static double Bilinear(ReadOnlySpan<byte> digit, double u, double v)
    {
        int u0 = (int)Math.Floor(u), v0 = (int)Math.Floor(v);
        double fu = u - u0, fv = v - v0;
        double P(int i, int j, ReadOnlySpan<byte> d) => i < 0 || j < 0 || i > 27 || j > 27 ? 0 : d[j * 28 + i];
        return (P(u0, v0, digit) * (1 - fu) + P(u0 + 1, v0, digit) * fu) * (1 - fv)
             + (P(u0, v0 + 1, digit) * (1 - fu) + P(u0 + 1, v0 + 1, digit) * fu) * fv;
    }

    /// <summary>Bounding box of the pixels above <paramref name="threshold"/> of a 28 × 28 image: (x0, y0, x1, y1) inclusive.</summary>
    public static (int X0, int Y0, int X1, int Y1) InkBox(ReadOnlySpan<byte> image, int width = 28, int threshold = 0)
    {
        int x0 = width, y0 = width, x1 = -1, y1 = -1;
        for (int i = 0; i < image.Length; i++)
            if (image[i] > threshold)
            {
                int x = i % width, y = i / width;
                x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
            }
        return (x0, y0, x1, y1);
    }
}
