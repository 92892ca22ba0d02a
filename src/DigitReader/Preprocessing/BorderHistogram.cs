using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>
/// The grey levels along an image's four sides, where a cropped image shows its paper: what the margin of
/// <see cref="MnistNormaliser"/> is filled with, and what <see cref="TightCropDetector"/> splits into paper and ink.
/// </summary>
internal static class BorderHistogram
{
    /// <summary>
    /// Counts the pixels of the top and bottom rows and the left and right columns of <paramref name="image"/>
    /// into <paramref name="histogram"/> (256 bins, added to); a corner counts once for each of its two sides.
    /// Returns how many were counted, <c>2 · (width + height)</c>.
    /// </summary>
    public static long Count(GrayImage image, Span<int> histogram)
    {
        int w = image.Width, h = image.Height;
        for (int x = 0; x < w; x++) { histogram[image[x, 0]]++; histogram[image[x, h - 1]]++; }
        for (int y = 0; y < h; y++) { histogram[image[0, y]]++; histogram[image[w - 1, y]]++; }
        return 2L * (w + h);
    }
}
