using System.Text;
using Xunit;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>
/// The reference tools the JPEG tests compare against: libjpeg-turbo's cjpeg/djpeg and ImageMagick 6.
/// A missing tool fails the test with the install hint; CI installs them.
/// </summary>
internal static class JpegTools
{
    public const string Cjpeg = "/usr/bin/cjpeg";
    public const string Djpeg = "/usr/bin/djpeg";
    public const string Convert = ImageMagick.ConvertPath;

    /// <summary>Runs a tool and returns its standard output; fails the test if it is missing or fails.</summary>
    public static byte[] Run(string tool, params string[] args)
    {
        if (!File.Exists(tool))
            Assert.Fail($"{tool} is missing. The JPEG tests need libjpeg-turbo's cjpeg/djpeg (apt: libjpeg-turbo-progs) and ImageMagick 6 (apt: imagemagick).");
        try
        {
            return ExternalTool.Run(tool, args);
        }
        catch (InvalidOperationException e)
        {
            Assert.Fail(e.Message);
            throw;
        }
    }

    /// <summary>A binary PGM (P5) or PPM (P6) file.</summary>
    public static byte[] Pnm(int width, int height, byte[] samples, bool color)
    {
        var header = Encoding.ASCII.GetBytes($"{(color ? "P6" : "P5")}\n{width} {height}\n255\n");
        return [.. header, .. samples];
    }

    /// <summary>Parses a binary PGM/PPM with maxval 255: size, channels (1 or 3) and samples.</summary>
    public static (int Width, int Height, int Channels, byte[] Samples) ParsePnm(byte[] file)
    {
        int pos = 0;
        string Token()
        {
            while (true)
            {
                while (char.IsWhiteSpace((char)file[pos])) pos++;
                if (file[pos] != '#') break;
                while (file[pos] != '\n') pos++;
            }
            int start = pos;
            while (!char.IsWhiteSpace((char)file[pos])) pos++;
            return Encoding.ASCII.GetString(file, start, pos - start);
        }
        string magic = Token();
        int w = int.Parse(Token()), h = int.Parse(Token()), max = int.Parse(Token());
        pos++;
        Assert.True(max == 255, $"expected maxval 255, got {max}");
        int channels = magic == "P6" ? 3 : 1;
        return (w, h, channels, file.AsSpan(pos, w * h * channels).ToArray());
    }

    /// <summary>BT.601 luma of a PNM's samples with exactly the formula of RgbaImage.ToGray.</summary>
    public static byte[] Luma(int channels, byte[] samples)
    {
        if (channels == 1) return samples;
        var gray = new byte[samples.Length / 3];
        for (int i = 0; i < gray.Length; i++)
            gray[i] = (byte)((19595 * samples[3 * i] + 38470 * samples[3 * i + 1] + 7471 * samples[3 * i + 2] + 32768) >> 16);
        return gray;
    }

    /// <summary>
    /// Deterministic test content: a dark digit-like stroke (a thick ring and a bar) on light paper with
    /// a gradient and seeded noise, tinted when <paramref name="color"/>. Samples are RGB or grey.
    /// </summary>
    public static byte[] Paper(int width, int height, int seed, bool color)
    {
        var random = new Random(seed);
        var samples = new byte[width * height * (color ? 3 : 1)];
        double cx = width * 0.5, cy = height * 0.45, radius = Math.Min(width, height) * 0.3, thick = Math.Max(1.5, radius * 0.25);
        for (int y = 0, i = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            double paper = 215 + 30.0 * x / width - 25.0 * y / height;
            double ring = Math.Abs(Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - radius);
            bool bar = Math.Abs(x - cx - radius * 0.9) < thick && y > cy && y < height * 0.95;
            double v = ring < thick || bar ? 35 : paper;
            v += random.Next(-10, 11);
            if (color)
            {
                samples[i++] = Clamp(v + 18 * Math.Sin(x / 9.0));
                samples[i++] = Clamp(v - 6);
                samples[i++] = Clamp(v - 20 * Math.Cos(y / 7.0));
            }
            else
            {
                samples[i++] = Clamp(v);
            }
        }
        return samples;
    }

    private static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);
}
