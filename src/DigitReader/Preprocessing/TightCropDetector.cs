using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>
/// Tells whether an image looks cut tightly to its digit (a photo cropped to the ink): every one of its four
/// sides is crossed by a stroke. A digit meets each side of its bounding box, so a crop to that box has, along
/// each side, a short run of ink between stretches of paper. A photographed page has paper along its sides;
/// a shadow or a vignette darkens a side gradually from a corner, which is not a run between paper.
/// </summary>
/// <remarks>
/// Only the outermost rows and columns are read. Their levels (<see cref="BorderHistogram"/>) are split into
/// two classes by Otsu's threshold (<see cref="OtsuThreshold"/>); the ink is the minority class, and the classes
/// must lie far apart (a quarter of the grey range), or the border is paper with noise. A crossing is a run of
/// at least two pixels a quarter of the way from paper to ink or beyond, touching neither end of its side and
/// covering at most half of it.
/// Ruled or squared paper can pass (its lines cross the sides); the caller uses the answer only to try the
/// image in a margin too, which reads such a page as before.
/// </remarks>
internal static class TightCropDetector
{
    /// <summary>Smallest distance between the two classes' mean levels, grey levels (a quarter of 0–255).</summary>
    private const double MinSeparation = 64;

    /// <summary>True when every side of <paramref name="image"/> (grayscale, any size) is crossed by a stroke.</summary>
    public static bool IsCutToTheInk(GrayImage image)
    {
        int w = image.Width, h = image.Height;
        if (w < 3 || h < 3) return false;
        Span<int> histogram = stackalloc int[256];
        BorderHistogram.Count(image, histogram);
        int threshold = OtsuThreshold.Compute(histogram);
        if (threshold > 255) return false;
        long below = 0, above = 0;
        double sumBelow = 0, sumAbove = 0;
        for (int level = 0; level < 256; level++)
        {
            if (level < threshold) { below += histogram[level]; sumBelow += (double)level * histogram[level]; }
            else { above += histogram[level]; sumAbove += (double)level * histogram[level]; }
        }
        double meanBelow = sumBelow / below, meanAbove = sumAbove / above;
        if (meanAbove - meanBelow < MinSeparation) return false;
        // Paper is the majority; a side counts as crossed where its level moves a quarter of the way to the ink's,
        // since a digit often meets its box only with the faint, anti-aliased edge of a stroke.
        bool darkInk = below < above;
        double paper = darkInk ? meanAbove : meanBelow, ink = darkInk ? meanBelow : meanAbove;
        double mark = paper + MarkFraction * (ink - paper);
        var pixels = image.Pixels;
        return Crossed(pixels, 0, 1, w, mark, darkInk) && Crossed(pixels, (h - 1) * w, 1, w, mark, darkInk)
            && Crossed(pixels, 0, w, h, mark, darkInk) && Crossed(pixels, w - 1, w, h, mark, darkInk);
    }

    /// <summary>How far from the paper's mean level towards the ink's a pixel must lie to be marked, 0–1.</summary>
    private const double MarkFraction = 0.25;

    /// <summary>
    /// Whether the side of <paramref name="length"/> pixels at <paramref name="first"/>, <paramref name="step"/>
    /// apart in <paramref name="pixels"/> (1 along a row, the width down a column), holds a run of at least two
    /// marked pixels (beyond <paramref name="mark"/> towards the ink) touching neither of its ends and covering
    /// at most half of it.
    /// </summary>
    private static bool Crossed(byte[] pixels, int first, int step, int length, double mark, bool darkInk)
    {
        for (int start = 0; start < length;)
        {
            if (!IsMarked(pixels[first + start * step], mark, darkInk)) { start++; continue; }
            int end = start;
            while (end < length && IsMarked(pixels[first + end * step], mark, darkInk)) end++;
            if (start > 0 && end < length && end - start >= 2 && end - start <= length / 2) return true;
            start = end;
        }
        return false;
    }

    private static bool IsMarked(byte level, double mark, bool darkInk) => darkInk ? level <= mark : level >= mark;
}
