namespace DigitReader.Imaging.Png;

/// <summary>
/// The seven passes of Adam7 interlacing (PNG specification §8.2 "Interlace methods", Figure 8.1): each
/// pass is a sub-image of the pixels at (x0 + i·dx, y0 + j·dy), stored with its own scanlines and filters.
/// </summary>
internal static class Adam7
{
    public const int PassCount = 7;

    private static ReadOnlySpan<byte> X0 => [0, 4, 0, 2, 0, 1, 0];
    private static ReadOnlySpan<byte> Y0 => [0, 0, 4, 0, 2, 0, 1];
    private static ReadOnlySpan<byte> Dx => [8, 8, 4, 4, 2, 2, 1];
    private static ReadOnlySpan<byte> Dy => [8, 8, 8, 4, 4, 2, 2];

    /// <summary>Geometry of pass <paramref name="pass"/> (0–6) of a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    /// <remarks>A pass can be empty (width or height 0) for small images; it then has no scanlines at all.</remarks>
    public static (int X0, int Y0, int Dx, int Dy, int Width, int Height) Pass(int pass, int width, int height)
    {
        int x0 = X0[pass], y0 = Y0[pass], dx = Dx[pass], dy = Dy[pass];
        int w = width > x0 ? (width - x0 + dx - 1) / dx : 0;
        int h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
        return (x0, y0, dx, dy, w, h);
    }
}
