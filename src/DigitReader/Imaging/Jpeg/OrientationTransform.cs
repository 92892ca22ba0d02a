using System.Runtime.InteropServices;

namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Rotates or mirrors an image so that a picture tagged with EXIF Orientation (EXIF 2.3 §4.6.4,
/// TIFF 6.0 tag 274) is shown upright.
/// </summary>
internal static class OrientationTransform
{
    /// <summary>
    /// Returns the upright image: 1 unchanged; 2 mirrored left–right; 3 rotated 180°; 4 mirrored
    /// top–bottom; 5 transposed (mirrored about the main diagonal); 6 rotated 90° clockwise;
    /// 7 transversed (mirrored about the anti-diagonal); 8 rotated 90° anticlockwise. For 5–8 the
    /// width and height swap. Other values are treated as 1.
    /// </summary>
    public static RgbaImage Apply(RgbaImage image, int orientation)
    {
        if (orientation is < 2 or > 8) return image;
        var result = new byte[image.Pixels.Length];
        var (w, h) = Apply(MemoryMarshal.Cast<byte, uint>(image.Pixels.AsSpan()), image.Width, image.Height, orientation, MemoryMarshal.Cast<byte, uint>(result.AsSpan()));
        return new RgbaImage(w, h, result);
    }

    /// <summary>The same for a grayscale image.</summary>
    public static GrayImage Apply(GrayImage image, int orientation)
    {
        if (orientation is < 2 or > 8) return image;
        var result = new byte[image.Pixels.Length];
        var (w, h) = Apply<byte>(image.Pixels, image.Width, image.Height, orientation, result);
        return new GrayImage(w, h, result);
    }

    /// <summary>Writes the upright pixels of <paramref name="source"/> (<paramref name="w"/> × <paramref name="h"/>) to <paramref name="target"/>; returns its size.</summary>
    private static (int Width, int Height) Apply<T>(ReadOnlySpan<T> source, int w, int h, int orientation, Span<T> target)
    {
        // Each output pixel (x, y) reads source index start + x·stepX + y·stepY.
        (int start, int stepX, int stepY) = orientation switch
        {
            2 => (w - 1, -1, w),
            3 => ((h - 1) * w + w - 1, -1, -w),
            4 => ((h - 1) * w, 1, -w),
            5 => (0, w, 1),
            6 => ((h - 1) * w, -w, 1),
            7 => ((h - 1) * w + w - 1, -w, -1),
            _ => (w - 1, w, -1),
        };
        bool swap = orientation >= 5;
        int outW = swap ? h : w, outH = swap ? w : h;
        for (int y = 0, o = 0; y < outH; y++)
        {
            int s = start + y * stepY;
            for (int x = 0; x < outW; x++, o++, s += stepX) target[o] = source[s];
        }
        return (outW, outH);
    }
}
