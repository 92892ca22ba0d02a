using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace DigitReader.Preprocessing;

/// <summary>
/// Measures the stroke width of a digit and thickens thin strokes by grey-level dilation, so a fine pen
/// on a large photo still reaches the 2–3 pixel strokes of MNIST at the 20-pixel digit scale.
/// </summary>
internal static class StrokeThickener
{
    /// <summary>
    /// Mean stroke width, pixels, of the ink (values ≥ 0.5) of <paramref name="image"/>: twice the area
    /// over the boundary length, since a stroke of width w and length l has area w·l and two edges of length l.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double StrokeWidth(float[] image, int width)
    {
        int height = image.Length / width;
        // Each row as a bit set of its ink pixels (bit x of word x / 64), with one row of paper above and
        // below, so an interior pixel is one whose row, both horizontal neighbours and the rows above and
        // below all have the bit set. Pixels on the image's edge always count as boundary.
        int words = (width + 63) / 64;
        var bits = Scratch.Rent<ulong>((height + 2) * words, clear: true);
        try
        {
            long area = 0, interior = 0;
            for (int y = 0; y < height; y++)
            {
                var row = bits.AsSpan((y + 1) * words, words);
                InkBits(image.AsSpan(y * width, width), row);
                foreach (ulong word in row) area += BitOperations.PopCount(word);
            }
            ulong lastWord = width % 64 == 0 ? ulong.MaxValue : (1UL << (width % 64)) - 1;
            for (int y = 1; y < height - 1; y++)
            {
                var up = bits.AsSpan(y * words, words);
                var row = bits.AsSpan((y + 1) * words, words);
                var down = bits.AsSpan((y + 2) * words, words);
                for (int k = 0; k < words; k++)
                {
                    ulong left = (row[k] << 1) | (k > 0 ? row[k - 1] >> 63 : 0);        // bit x: pixel x − 1
                    ulong right = (row[k] >> 1) | (k < words - 1 ? row[k + 1] << 63 : 0); // bit x: pixel x + 1
                    ulong inside = row[k] & left & right & up[k] & down[k];
                    // Column 0 has no left neighbour and the last column no right one: both are boundary.
                    if (k == 0) inside &= ~1UL;
                    if (k == words - 1) inside &= lastWord >> 1;
                    interior += BitOperations.PopCount(inside);
                }
            }
            long boundary = area - interior;
            return boundary == 0 ? 0 : 2.0 * area / boundary;
        }
        finally
        {
            Scratch.Return(bits);
        }
    }

    /// <summary>Sets bit <c>x</c> of <paramref name="bits"/> (64 pixels a word) where <c>row[x] ≥ 0.5</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InkBits(ReadOnlySpan<float> row, Span<ulong> bits)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var half = Vector256.Create(0.5f);
            ref float r = ref MemoryMarshal.GetReference(row);
            for (; x <= row.Length - 8; x += 8)
                bits[x >> 6] |= (ulong)Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref r, (nuint)x), half).ExtractMostSignificantBits() << (x & 63);
        }
        for (; x < row.Length; x++)
            if (row[x] >= 0.5f) bits[x >> 6] |= 1UL << (x & 63);
    }

    /// <summary>
    /// Grey-level dilation by a (2r+1)-pixel square; the image is first padded by <paramref name="radius"/>
    /// on each side, so the result is <c>(width + 2r) × (height + 2r)</c>. Values must be non-negative
    /// (the padding is 0). Separable: the maximum over a row window, then over a column window, each a
    /// <see cref="SlidingMaximum"/>. Zeros never win a maximum of non-negative values, so they stand in for
    /// "outside": the rows are laid end to end, each after 2r zeros, and one slide along that whole line
    /// gives every row's windows (a window running off a row's end meets only the next row's zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float[] Image, int Width) Dilate(float[] image, int width, int radius)
    {
        int height = image.Length / width;
        int window = 2 * radius + 1;
        int ow = width + 2 * radius, oh = height + 2 * radius;
        // The line of rows: row y's pixels at y·ow + 2r, after its 2r zeros, and 2r more zeros after the last.
        int line = height * ow + 2 * radius;
        // Rows of the horizontal pass, with 2r zero rows above and below for the vertical pass.
        int length = (height + 4 * radius) * ow;
        var padded = Scratch.Rent<float>(line, clear: true);
        var rows = Scratch.Rent<float>(length, clear: false);
        var scratchA = Scratch.Rent<float>(Math.Max(line, length), clear: false);
        var scratchB = Scratch.Rent<float>(Math.Max(line, length), clear: false);
        try
        {
            for (int y = 0; y < height; y++) image.AsSpan(y * width, width).CopyTo(padded.AsSpan(y * ow + 2 * radius));
            rows.AsSpan(0, 2 * radius * ow).Clear();
            rows.AsSpan((height + 2 * radius) * ow, 2 * radius * ow).Clear();
            SlidingMaximum.Compute(padded.AsSpan(0, line), line, 1, window, rows.AsSpan(2 * radius * ow, height * ow), scratchA, scratchB);
            var result = GC.AllocateUninitializedArray<float>(ow * oh); // every element is written by the column pass
            SlidingMaximum.Compute(rows, height + 4 * radius, ow, window, result, scratchA, scratchB);
            return (result, ow);
        }
        finally
        {
            Scratch.Return(padded);
            Scratch.Return(rows);
            Scratch.Return(scratchA);
            Scratch.Return(scratchB);
        }
    }
}
