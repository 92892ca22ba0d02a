using System.Runtime.InteropServices;

namespace DigitReader.Preprocessing;

/// <summary>
/// The intensity-weighted centre of mass of an image, <c>(Σ x·v / Σ v, Σ y·v / Σ v)</c>, in pixel-index
/// coordinates (the first pixel is at 0). MNIST centres each digit by putting this point at (14, 14) of
/// the 28 × 28 frame (LeCun, Bottou, Bengio &amp; Haffner, "Gradient-based learning applied to document
/// recognition", Proc. IEEE 86(11), 1998).
/// </summary>
public static class CentreOfMass
{
    /// <summary>
    /// The centre of mass of <paramref name="values"/> (row-major, <paramref name="width"/> wide), or the
    /// geometric centre when the image is all zero.
    /// </summary>
    public static (double X, double Y) Compute(ReadOnlySpan<float> values, int width)
    {
        int height = values.Length / width;
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < height; y++)
        {
            // A zero adds exactly nothing to any of the three sums, so runs of background are skipped.
            var bits = MemoryMarshal.Cast<float, int>(values.Slice(y * width, width));
            for (int x = bits.IndexOfAnyExcept(0); x >= 0 && x < width;)
            {
                double v = values[y * width + x];
                sum += v;
                sx += v * x;
                sy += v * y;
                if (++x < width && bits[x] == 0)
                {
                    int next = bits[x..].IndexOfAnyExcept(0);
                    x = next < 0 ? width : x + next;
                }
            }
        }
        return sum > 0 ? (sx / sum, sy / sum) : ((width - 1) / 2.0, (height - 1) / 2.0);
    }

    /// <summary>The centre of mass of a byte image (see <see cref="Compute(ReadOnlySpan{float}, int)"/>).</summary>
    public static (double X, double Y) Compute(ReadOnlySpan<byte> values, int width)
    {
        var f = new float[values.Length];
        for (int i = 0; i < f.Length; i++) f[i] = values[i];
        return Compute(f, width);
    }
}
