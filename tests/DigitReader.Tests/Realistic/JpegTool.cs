using System.Text;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Jpeg;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Realistic;

/// <summary>
/// JPEG fixtures through libjpeg-turbo's command-line tools: <c>cjpeg</c> encodes a PPM, <c>djpeg</c>
/// decodes (used only to look at JPEG artefacts before the product's decoder exists). A missing tool is a
/// test failure with a clear message, never a skip: CI installs libjpeg-turbo-progs.
/// </summary>
public static class JpegTool
{
    /// <summary>Encodes the RGB of <paramref name="image"/> (alpha ignored) at <paramref name="quality"/> (1–100).</summary>
    public static byte[] Encode(RgbaImage image, int quality)
    {
        var ppm = new MemoryStream();
        ppm.Write(Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n"));
        var rgb = new byte[image.Width * image.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = image.Pixels[i];
            rgb[j + 1] = image.Pixels[i + 1];
            rgb[j + 2] = image.Pixels[i + 2];
        }
        ppm.Write(rgb);
        return Run("cjpeg", ["-quality", quality.ToString()], ppm.ToArray());
    }

    /// <summary>Decodes JPEG bytes with djpeg to RGBA (opaque).</summary>
    public static RgbaImage Decode(byte[] jpeg)
    {
        var (width, height, channels, samples) = JpegTools.ParsePnm(Run("djpeg", ["-pnm"], jpeg));
        var rgba = new byte[width * height * 4];
        for (int i = 0; i < width * height; i++)
        {
            for (int c = 0; c < 3; c++) rgba[i * 4 + c] = samples[i * channels + (channels == 3 ? c : 0)];
            rgba[i * 4 + 3] = 255;
        }
        return new RgbaImage(width, height, rgba);
    }

    private static byte[] Run(string tool, string[] arguments, byte[] input)
    {
        string? path = FindTool(tool) ?? throw new InvalidOperationException(
            $"{tool} (libjpeg-turbo) was not found on PATH; install it (apt-get install libjpeg-turbo-progs) to build the JPEG test fixtures.");
        return ExternalTool.Run(path, arguments, input);
    }

    private static string? FindTool(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
