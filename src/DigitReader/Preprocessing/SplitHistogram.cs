using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DigitReader.Preprocessing;

/// <summary>
/// Histogram counting spread over four interleaved copies, merged at the end. Paper is mostly one level,
/// so a plain <c>histogram[v]++</c> loop increments the same counter pixel after pixel, and each increment
/// waits for the previous one's store (several cycles); four copies give four independent chains.
/// The counts are exact, so the merged histogram equals the plain loop's.
/// </summary>
internal static class SplitHistogram
{
    /// <summary>Number of interleaved copies.</summary>
    public const int Ways = 4;

    /// <summary>
    /// Adds each of <paramref name="values"/> to the split histogram <paramref name="ways"/>: <see cref="Ways"/>
    /// copies of 256 counters, one after another. Eight zero bytes at a time (the background of a contrast
    /// image, most of a canvas) are counted with one addition; any other group of eight goes to the four copies.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ways"/> is shorter than <see cref="Ways"/> × 256.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<byte> values, Span<int> ways)
    {
        if (ways.Length < Ways * 256) throw new ArgumentException($"A split histogram of bytes needs {Ways * 256} counters, got {ways.Length}.", nameof(ways));
        // A byte is below 256, so the counters are reached without bounds checks.
        ref int w0 = ref MemoryMarshal.GetReference(ways);
        ref int w1 = ref Unsafe.Add(ref w0, 256);
        ref int w2 = ref Unsafe.Add(ref w0, 2 * 256);
        ref int w3 = ref Unsafe.Add(ref w0, 3 * 256);
        ref byte v = ref MemoryMarshal.GetReference(values);
        int i = 0, zeros = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref v, i)) == 0) { zeros += 8; continue; }
            Unsafe.Add(ref w0, Unsafe.Add(ref v, i))++;
            Unsafe.Add(ref w1, Unsafe.Add(ref v, i + 1))++;
            Unsafe.Add(ref w2, Unsafe.Add(ref v, i + 2))++;
            Unsafe.Add(ref w3, Unsafe.Add(ref v, i + 3))++;
            Unsafe.Add(ref w0, Unsafe.Add(ref v, i + 4))++;
            Unsafe.Add(ref w1, Unsafe.Add(ref v, i + 5))++;
            Unsafe.Add(ref w2, Unsafe.Add(ref v, i + 6))++;
            Unsafe.Add(ref w3, Unsafe.Add(ref v, i + 7))++;
        }
        for (; i < values.Length; i++) Unsafe.Add(ref w0, Unsafe.Add(ref v, i))++;
        w0 += zeros;
    }

    /// <summary>Adds the <see cref="Ways"/> copies in <paramref name="ways"/> into <paramref name="histogram"/> (its length is the bin count).</summary>
    public static void MergeInto(ReadOnlySpan<int> ways, Span<int> histogram)
    {
        int bins = histogram.Length;
        for (int k = 0; k < Ways; k++) TensorPrimitives.Add(histogram, ways.Slice(k * bins, bins), histogram);
    }
}
