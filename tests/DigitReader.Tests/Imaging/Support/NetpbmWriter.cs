using System.Text;

namespace DigitReader.Tests.Imaging.Support;

/// <summary>Writes Netpbm variants ImageMagick does not produce: odd maxvals, comments, unusual whitespace.</summary>
internal static class NetpbmWriter
{
    public static readonly (string Label, SourcePixels.Kind Kind, Func<int, int, byte[], byte[]> Write)[] Variants =
    [
        ("p2-maxval1000-comments", SourcePixels.Kind.Gray, (w, h, p) => Plain("P2", w, h, p, 1, 1000, "# made by hand\n", "\t# a comment between numbers\n")),
        ("p3-maxval15-crlf", SourcePixels.Kind.Rgb, (w, h, p) => Plain("P3", w, h, p, 3, 15, "", "\r\n")),
        ("p5-maxval7-comments", SourcePixels.Kind.Gray, (w, h, p) => Raw("P5", w, h, p, 1, 7, "#comment\n")),
        ("p5-maxval1000", SourcePixels.Kind.Gray, (w, h, p) => Raw("P5", w, h, p, 1, 1000, "")),
        ("p6-maxval300", SourcePixels.Kind.Rgb, (w, h, p) => Raw("P6", w, h, p, 3, 300, "# before maxval\n")),
    ];

    private static int Sample(byte v, int maxval) => v * maxval / 255;

    private static byte[] Plain(string magic, int w, int h, byte[] rgba, int channels, int maxval, string comment, string separator)
    {
        var text = new StringBuilder($"{magic}\n{comment}{w} {h}{separator}{maxval}\n");
        for (int i = 0; i < w * h; i++)
            for (int c = 0; c < channels; c++)
                text.Append(Sample(rgba[4 * i + c], maxval)).Append(i % 7 == 6 && c == channels - 1 ? separator : " ");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] Raw(string magic, int w, int h, byte[] rgba, int channels, int maxval, string comment)
    {
        var header = Encoding.ASCII.GetBytes($"{magic}\n{w} {h}\n{comment}{maxval}\n");
        var raster = new List<byte>();
        for (int i = 0; i < w * h; i++)
            for (int c = 0; c < channels; c++)
            {
                int v = Sample(rgba[4 * i + c], maxval);
                if (maxval > 255) raster.Add((byte)(v >> 8));
                raster.Add((byte)v);
            }
        return [.. header, .. raster];
    }
}
