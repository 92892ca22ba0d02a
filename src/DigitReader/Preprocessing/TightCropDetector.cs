using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>
/// Tells whether an image looks cut tightly to its digit (a photo cropped to the ink): every one of its four
/// sides is crossed by a stroke. A digit meets each side of its bounding box, so a crop to that box has, along
/// each side, a short run of ink between stretches of paper. A photographed page has paper along its sides;
/// a shadow or a vignette darkens a side gradually from a corner, which is not a run between paper.
/// </summary>
/// <remarks>
/// Only the outermost rows and columns are read. Their levels are split into two classes by Otsu's threshold
/// (<see cref="OtsuThreshold"/>); the ink is the minority class, and the classes must lie far apart (a quarter
/// of the grey range), or the border is paper with noise. A crossing is a run of at least two pixels a quarter
/// of the way from paper to ink or beyond, touching neither end of its side and covering at most half of it.
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
        var sides = new[] { new byte[w], new byte[w], new byte[h], new byte[h] };
        image.Pixels.AsSpan(0, w).CopyTo(sides[0]);
        image.Pixels.AsSpan((h - 1) * w, w).CopyTo(sides[1]);
        for (int y = 0; y < h; y++) (sides[2][y], sides[3][y]) = (image[0, y], image[w - 1, y]);

        Span<int> histogram = stackalloc int[256];
        foreach (var side in sides)
            foreach (byte level in side) histogram[level]++;
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
        foreach (var side in sides)
            if (!Crossed(side, mark, darkInk)) return false;
        return true;
    }

    /// <summary>How far from the paper's mean level towards the ink's a pixel must lie to be marked, 0–1.</summary>
    private const double MarkFraction = 0.25;

    /// <summary>
    /// Whether <paramref name="side"/> holds a run of at least two marked pixels (beyond <paramref name="mark"/>
    /// towards the ink) touching neither of its ends and covering at most half of it.
    /// </summary>
    private static bool Crossed(ReadOnlySpan<byte> side, double mark, bool darkInk)
    {
        for (int start = 0; start < side.Length;)
        {
            if (!IsMarked(side[start], mark, darkInk)) { start++; continue; }
            int end = start;
            while (end < side.Length && IsMarked(side[end], mark, darkInk)) end++;
            if (start > 0 && end < side.Length && end - start >= 2 && end - start <= side.Length / 2) return true;
            start = end;
        }
        return false;
    }

    private static bool IsMarked(byte level, double mark, bool darkInk) => darkInk ? level <= mark : level >= mark;
}
