using DigitReader.Imaging;
using DigitReader.Preprocessing;
using DigitReader.Tests.Realistic;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// A fixed, seeded corpus of normaliser inputs covering every path: small and large MNIST digits with
/// offsets, noisy and shaded paper, light ink, ruled lines, thin strokes (dilation), deskew, pages above
/// the working size (block reduction, with and without the full-resolution re-cut) and a blank page.
/// Used by <see cref="GoldenOutputTests"/>; changing anything here invalidates the recorded fixture.
/// </summary>
internal static class GoldenInputs
{
    /// <summary>One input: a name for messages, the image and the options to normalise it with.</summary>
    public sealed record Case(string Name, GrayImage Image, MnistNormaliserOptions Options);

    public static IEnumerable<Case> All()
    {
        var plain = MnistNormaliserOptions.Default;
        for (int i = 0; i < 50; i++)
            yield return new($"x4 #{i}", Paste(Paper(150, 140, i, noisy: false), i, 4, 5 + i % 11, 3 + i % 7, lightInk: false), plain);
        for (int i = 0; i < 50; i++)
            yield return new($"x12 #{i}", Paste(Paper(380, 360, i, noisy: i % 2 == 1), i, 12, 10 + i % 13, 7 + i % 9, lightInk: false), plain);
        yield return new("1000² page, x12 digit", Paste(Paper(1000, 1000, 7, noisy: true), 3, 12, 300, 250, lightInk: false), plain);
        yield return new("1000² page, x3 digit (re-cut)", Paste(Paper(1000, 1000, 8, noisy: true), 4, 3, 520, 610, lightInk: false), plain);
        yield return new("1300×900 page, x6 digit", Paste(Paper(1300, 900, 9, noisy: true), 5, 6, 100, 500, lightInk: false), plain);
        for (int i = 0; i < 3; i++)
            yield return new($"light ink #{i}", Paste(Dark(200, 180, i), 10 + i, 6, 12 + i, 9, lightInk: true), plain);
        for (int i = 0; i < 3; i++)
        {
            var lined = Paste(Paper(600, 450, 20 + i, noisy: i == 1), 20 + i, 8, 190 + 10 * i, 110);
            for (int y = 20 + 3 * i; y < 450; y += 45) TestImages.HorizontalLine(lined, y, 3, 150);
            if (i == 2)
                for (int y = 0; y < 450; y++) lined.Pixels[y * 600 + 80] = Math.Min(lined.Pixels[y * 600 + 80], (byte)120);
            yield return new($"ruled #{i}", lined, plain);
        }
        for (int i = 0; i < 3; i++)
            yield return new($"deskew #{i}", Paste(Paper(300, 300, 30 + i, noisy: true), 30 + i, 8, 20, 30, lightInk: false), new MnistNormaliserOptions { Deskew = true });
        yield return new("thin ring 400²", Ring(400, 400, 0.01, 40), plain);
        yield return new("ring 200²", Ring(200, 200, 0.12, 200), plain);
        yield return new("ring 1000²", Ring(1000, 1000, 0.12, 1000), plain);
        yield return new("3000×2000 page, x12 digit (re-cut at 5 of 6)", Paste(Paper(3000, 2000, 40, noisy: true), 6, 12, 1300, 900, lightInk: false), plain);
        yield return new("fine-pen ring 1000²", Ring(1000, 1000, 0.004, 41), plain);
        yield return new("blank 300×200", TestImages.Uniform(300, 200, 240), plain);
    }

    /// <summary>Off-white paper; when <paramref name="noisy"/>, with a left-to-right shading, a top shadow and ±8 noise.</summary>
    private static GrayImage Paper(int width, int height, int seed, bool noisy)
    {
        var random = new Random(seed);
        var px = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                px[y * width + x] = noisy
                    ? (byte)Math.Clamp(200 + 45.0 * x / width + 30.0 * y / height - 25 + random.Next(-8, 9), 0, 255)
                    : (byte)245;
        return new GrayImage(width, height, px);
    }

    /// <summary>A dark board (light ink goes on it), slightly noisy.</summary>
    private static GrayImage Dark(int width, int height, int seed)
    {
        var random = new Random(seed);
        var px = new byte[width * height];
        for (int i = 0; i < px.Length; i++) px[i] = (byte)(30 + random.Next(-6, 7));
        return new GrayImage(width, height, px);
    }

    /// <summary>Pastes MNIST test digit <paramref name="index"/> enlarged <paramref name="factor"/> times at (left, top); darkest (or lightest) wins.</summary>
    private static GrayImage Paste(GrayImage page, int index, int factor, int left, int top, bool lightInk = false)
    {
        var digit = TestImages.Enlarged(index, factor, lightInk);
        for (int y = 0; y < digit.Height; y++)
            for (int x = 0; x < digit.Width; x++)
            {
                int px = left + x, py = top + y;
                if (px >= page.Width || py >= page.Height) continue;
                int o = py * page.Width + px;
                page.Pixels[o] = lightInk ? Math.Max(page.Pixels[o], digit[x, y]) : Math.Min(page.Pixels[o], digit[x, y]);
            }
        return page;
    }

    /// <summary>A dark elliptic ring (a "0") on uneven noisy paper, as the bench draws it; <paramref name="stroke"/> is relative to the radius.</summary>
    private static GrayImage Ring(int width, int height, double stroke, int seed)
    {
        var random = new Random(seed);
        var px = new byte[width * height];
        double cx = width / 2.0, cy = height / 2.0, rx = width * 0.22, ry = height * 0.33;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double dx = (x - cx) / rx, dy = (y - cy) / ry, r = Math.Sqrt(dx * dx + dy * dy);
                double paper = 225 + 20.0 * x / width - 15.0 * y / height + random.Next(-8, 9);
                double ink = Math.Clamp(1 - Math.Abs(r - 1) / stroke, 0, 1);
                px[y * width + x] = (byte)Math.Clamp(paper * (1 - ink) + 40 * ink, 0, 255);
            }
        return new GrayImage(width, height, px);
    }
}
