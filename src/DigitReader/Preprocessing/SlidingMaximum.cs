using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DigitReader.Preprocessing;

/// <summary>
/// The maximum over a sliding window, by doubling: the maxima over windows of 2, 4, 8 … elements each come
/// from two of the previous level, and a window of any length is the maximum of two overlapping
/// power-of-two windows. So a window of w costs about log₂ w vectorised passes instead of w − 1. Maximum is
/// exact and order-free (for values without NaN or −0), so the result equals the direct one.
/// </summary>
internal static class SlidingMaximum
{
    /// <summary>
    /// <c>target[x] = max(source[x … x + window − 1])</c> over <paramref name="count"/> elements of
    /// <paramref name="unit"/> floats each (1 for a row of pixels, a row's width to slide over whole rows),
    /// element-wise within a unit; <c>count − window + 1</c> elements are written.
    /// <paramref name="scratchA"/> and <paramref name="scratchB"/> hold at least <c>count × unit</c> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> source, int count, int unit, int window, Span<float> target, Span<float> scratchA, Span<float> scratchB)
    {
        int outputs = count - window + 1;
        if (window < 1 || outputs < 1) throw new ArgumentOutOfRangeException(nameof(window));
        ReadOnlySpan<float> current = source;
        int valid = count, span = 1; // current[s] = max over elements s … s + span − 1, for s < valid − span + 1
        bool inA = false;
        while (2 * span <= window)
        {
            var next = inA ? scratchB : scratchA;
            int n = (valid - span) * unit;
            TensorPrimitives.Max(current[..n], current.Slice(span * unit, n), next[..n]);
            current = next;
            inA = !inA;
            valid -= span;
            span *= 2;
        }
        int length = outputs * unit;
        TensorPrimitives.Max(current[..length], current.Slice((window - span) * unit, length), target[..length]);
    }
}
