using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double X, double Y) Compute(ReadOnlySpan<float> values, int width)
    {
        int height = values.Length / width;
        double sum = 0, sx = 0, sy = 0;
        ref float first = ref MemoryMarshal.GetReference(values);
        var lanes = Vector256.Create(0.0, 1, 2, 3);
        var four = Vector256.Create(4.0);
        for (int y = 0; y < height; y++)
        {
            // Each row's Σ v and Σ x·v in four lanes of doubles (so the adds run side by side instead of
            // one after another), then Σ y·v from the row's Σ v. The order of the additions differs from a
            // plain pixel loop's, so the result may differ from it in the last bits (about 10⁻¹⁵ relative).
            ref float row = ref Unsafe.Add(ref first, y * width);
            double rowSum = 0, rowX = 0;
            int x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var sumV = Vector256<double>.Zero;
                var xV = Vector256<double>.Zero;
                for (; x <= width - 8; x += 8)
                {
                    var eight = Vector256.LoadUnsafe(ref row, (nuint)x);
                    if (eight == Vector256<float>.Zero) continue; // background, most of a digit's box
                    var (low, high) = Vector256.Widen(eight);
                    var at = lanes + Vector256.Create((double)x);
                    sumV += low + high;
                    xV += low * at + high * (at + four);
                }
                rowSum = Vector256.Sum(sumV);
                rowX = Vector256.Sum(xV);
            }
            for (; x < width; x++)
            {
                double v = Unsafe.Add(ref row, x);
                rowSum += v;
                rowX += v * x;
            }
            sum += rowSum;
            sx += rowX;
            sy += rowSum * y;
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
