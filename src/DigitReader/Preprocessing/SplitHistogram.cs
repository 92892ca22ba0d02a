using System.Numerics;
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
    /// Adds each of <paramref name="values"/> to the split histogram <paramref name="ways"/>, which holds
    /// <see cref="Ways"/> copies of <paramref name="bins"/> counters one after another.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ways"/> is shorter than <see cref="Ways"/> × <paramref name="bins"/>,
    /// or a byte histogram has fewer than 256 bins.</exception>
    /// <exception cref="IndexOutOfRangeException">A value (other than a byte) lies outside 0 … <paramref name="bins"/> − 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add<T>(ReadOnlySpan<T> values, Span<int> ways, int bins) where T : unmanaged, IBinaryInteger<T>
    {
        if (ways.Length < Ways * bins) throw new ArgumentException($"A split histogram of {bins} bins needs {Ways * bins} counters, got {ways.Length}.", nameof(ways));
        if (typeof(T) == typeof(byte) && bins < 256) throw new ArgumentException($"Bytes need 256 bins, got {bins}.", nameof(bins));
        if (typeof(T) == typeof(byte))
        {
            AddBytes(MemoryMarshal.Cast<T, byte>(values), ways, bins);
            return;
        }
        // Wider values are indexed with bounds checks: a value outside 0 … bins − 1 throws instead of writing elsewhere.
        var w0 = ways[..bins];
        var w1 = ways.Slice(bins, bins);
        var w2 = ways.Slice(2 * bins, bins);
        var w3 = ways.Slice(3 * bins, bins);
        int i = 0;
        for (; i <= values.Length - Ways; i += Ways)
        {
            w0[int.CreateTruncating(values[i])]++;
            w1[int.CreateTruncating(values[i + 1])]++;
            w2[int.CreateTruncating(values[i + 2])]++;
            w3[int.CreateTruncating(values[i + 3])]++;
        }
        for (; i < values.Length; i++) w0[int.CreateTruncating(values[i])]++;
    }

    /// <summary>
    /// <see cref="Add{T}"/> for bytes. Eight zero bytes at a time (the background of a contrast image, most of
    /// a canvas) are counted with one addition; any other group of eight goes to the four copies. A byte is
    /// below 256 and the caller checked there are 256 bins, so the counters are reached without bounds checks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBytes(ReadOnlySpan<byte> values, Span<int> ways, int bins)
    {
        ref int w0 = ref MemoryMarshal.GetReference(ways);
        ref int w1 = ref Unsafe.Add(ref w0, bins);
        ref int w2 = ref Unsafe.Add(ref w0, 2 * bins);
        ref int w3 = ref Unsafe.Add(ref w0, 3 * bins);
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
