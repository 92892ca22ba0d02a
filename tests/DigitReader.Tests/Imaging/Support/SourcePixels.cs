namespace DigitReader.Tests.Imaging.Support;

/// <summary>
/// Deterministic, seeded source images (16-bit RGBA) shaped so ImageMagick can honour the colour type and bit
/// depth asked of it: few gray levels for low depths, few colours for palettes, one keyed colour for tRNS.
/// </summary>
internal static class SourcePixels
{
    public enum Kind { Gray, GrayKeyed, Rgb, RgbKeyed, Palette, PaletteAlpha, GrayAlpha, Rgba, TwoColors }

    /// <summary>Width × height × 4 samples, 0–65535. <paramref name="levels"/> limits gray levels or palette size.</summary>
    public static ushort[] Make(Kind kind, int width, int height, int seed, int levels = 256, bool sixteenBit = false)
    {
        var random = new Random(seed);
        ushort Sample() => sixteenBit ? (ushort)random.Next(65536) : (ushort)(random.Next(256) * 257);
        var palette = new ushort[Math.Max(levels, 2)][];
        for (int i = 0; i < palette.Length; i++)
        {
            // A partial alpha for the first entry and 0 for the second, so tRNS is exercised fully.
            ushort alpha = kind == Kind.PaletteAlpha ? (ushort)(i == 0 ? 77 * 257 : i == 1 ? 0 : 65535) : (ushort)65535;
            palette[i] = [Sample(), Sample(), Sample(), alpha];
        }
        var key = new ushort[] { (ushort)(10 * 257), (ushort)(200 * 257), (ushort)(30 * 257) };

        var pixels = new ushort[width * height * 4];
        for (int p = 0; p < width * height; p++)
        {
            ushort r, g, b, a = 65535;
            switch (kind)
            {
                case Kind.Gray or Kind.GrayKeyed or Kind.GrayAlpha:
                    r = levels >= 256 ? Sample() : (ushort)(random.Next(levels) * 65535 / (levels - 1));
                    g = b = r;
                    if (kind == Kind.GrayKeyed && r == 0) a = 0; // black is the transparent level
                    if (kind == Kind.GrayAlpha) a = Sample();
                    break;
                case Kind.Palette or Kind.PaletteAlpha or Kind.TwoColors:
                    var c = palette[random.Next(levels)];
                    (r, g, b, a) = (c[0], c[1], c[2], c[3]);
                    break;
                case Kind.RgbKeyed when random.Next(5) == 0:
                    (r, g, b, a) = (key[0], key[1], key[2], 0);
                    break;
                default:
                    (r, g, b) = (Sample(), Sample(), Sample());
                    if (kind == Kind.Rgba) a = Sample();
                    break;
            }
            pixels[4 * p] = r; pixels[4 * p + 1] = g; pixels[4 * p + 2] = b; pixels[4 * p + 3] = a;
        }
        // The keyed kinds need at least one transparent pixel, even in a 1×1 image.
        if (kind == Kind.GrayKeyed) { pixels[0] = pixels[1] = pixels[2] = 0; pixels[3] = 0; }
        if (kind == Kind.PaletteAlpha)
            for (int p = 0; p < Math.Min(Math.Min(levels, 2), width * height); p++)
                for (int c = 0; c < 4; c++) pixels[4 * p + c] = palette[p][c];
        if (kind == Kind.RgbKeyed) { (pixels[0], pixels[1], pixels[2], pixels[3]) = (key[0], key[1], key[2], 0); }
        return pixels;
    }

    /// <summary>Writes the samples as ImageMagick's raw 16-bit big-endian RGBA ("-depth 16 -endian MSB rgba:").</summary>
    public static void WriteRaw(string path, ushort[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++) { bytes[2 * i] = (byte)(samples[i] >> 8); bytes[2 * i + 1] = (byte)samples[i]; }
        File.WriteAllBytes(path, bytes);
    }
}
