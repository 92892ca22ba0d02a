using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// A comparator network that sorts 25 values far enough to put the 13 smallest, in order, in the first 13
/// places: enough for the median of any clipped 5 × 5 window (at most 25 values, padded with +∞ where the
/// window is clipped). It runs on eight windows at once, one per vector lane, with no data-dependent
/// branches; the merge of sorted columns it replaced took the smallest remaining value one at a time and
/// mispredicted on most steps.
/// </summary>
/// <remarks>
/// The comparators are Batcher's odd–even merge sort on 32 wires (191 comparators), cut down to 124: wires
/// 25–31 would carry +∞, so a comparator whose larger wire holds +∞ changes nothing and goes, and one whose
/// smaller wire holds +∞ is a plain swap, done by renaming the wires after it; then, walking back from
/// ranks 0–12 (which the renaming leaves in slots 0–12), comparators whose results never reach those ranks
/// go too. Sorting only moves values, so each rank holds one of the inputs, bit for bit. The network is
/// written out so the JIT keeps the 25 vectors in registers where it can; a table-driven loop was three
/// times slower. The tests check it on every input of zeros and ones (by the 0–1 principle, then, on every
/// input).
/// </remarks>
internal static class MedianNetwork
{
    /// <summary>Values per window (a 5 × 5 window).</summary>
    public const int Inputs = 25;

    /// <summary>
    /// Sorts each lane of the 25 vectors in <paramref name="values"/> far enough that its 13 smallest values
    /// come first, in order (slots 13–24 are left unspecified). Minimum and maximum are the processor's own:
    /// the values are never NaN and never −0, so these choose exactly as IEEE comparisons would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(Span<Vector256<float>> values)
    {
        if (values.Length < Inputs) throw new ArgumentException($"The network sorts {Inputs} vectors, got {values.Length}.", nameof(values));
        var (v0, v1, v2, v3, v4) = (values[0], values[1], values[2], values[3], values[4]);
        var (v5, v6, v7, v8, v9) = (values[5], values[6], values[7], values[8], values[9]);
        var (v10, v11, v12, v13, v14) = (values[10], values[11], values[12], values[13], values[14]);
        var (v15, v16, v17, v18, v19) = (values[15], values[16], values[17], values[18], values[19]);
        var (v20, v21, v22, v23, v24) = (values[20], values[21], values[22], values[23], values[24]);
        X(ref v0, ref v1); X(ref v2, ref v3); X(ref v4, ref v5); X(ref v6, ref v7);
        X(ref v8, ref v9); X(ref v10, ref v11); X(ref v12, ref v13); X(ref v14, ref v15);
        X(ref v16, ref v17); X(ref v18, ref v19); X(ref v20, ref v21); X(ref v22, ref v23);
        X(ref v0, ref v2); X(ref v1, ref v3); X(ref v4, ref v6); X(ref v5, ref v7);
        X(ref v8, ref v10); X(ref v9, ref v11); X(ref v12, ref v14); X(ref v13, ref v15);
        X(ref v16, ref v18); X(ref v17, ref v19); X(ref v20, ref v22); X(ref v21, ref v23);
        X(ref v1, ref v2); X(ref v5, ref v6); X(ref v9, ref v10); X(ref v13, ref v14);
        X(ref v17, ref v18); X(ref v21, ref v22); X(ref v0, ref v4); X(ref v1, ref v5);
        X(ref v2, ref v6); X(ref v3, ref v7); X(ref v8, ref v12); X(ref v9, ref v13);
        X(ref v10, ref v14); X(ref v11, ref v15); X(ref v16, ref v20); X(ref v17, ref v21);
        X(ref v18, ref v22); X(ref v19, ref v23); X(ref v2, ref v4); X(ref v3, ref v5);
        X(ref v10, ref v12); X(ref v11, ref v13); X(ref v18, ref v20); X(ref v19, ref v21);
        X(ref v1, ref v2); X(ref v3, ref v4); X(ref v5, ref v6); X(ref v9, ref v10);
        X(ref v11, ref v12); X(ref v13, ref v14); X(ref v17, ref v18); X(ref v19, ref v20);
        X(ref v21, ref v22); X(ref v0, ref v8); X(ref v1, ref v9); X(ref v2, ref v10);
        X(ref v3, ref v11); X(ref v4, ref v12); X(ref v5, ref v13); X(ref v6, ref v14);
        X(ref v7, ref v15); X(ref v16, ref v24); X(ref v4, ref v8); X(ref v5, ref v9);
        X(ref v6, ref v10); X(ref v7, ref v11); X(ref v20, ref v24); X(ref v2, ref v4);
        X(ref v3, ref v5); X(ref v6, ref v8); X(ref v7, ref v9); X(ref v10, ref v12);
        X(ref v11, ref v13); X(ref v18, ref v20); X(ref v19, ref v21); X(ref v22, ref v24);
        X(ref v1, ref v2); X(ref v3, ref v4); X(ref v5, ref v6); X(ref v7, ref v8);
        X(ref v9, ref v10); X(ref v11, ref v12); X(ref v13, ref v14); X(ref v17, ref v18);
        X(ref v19, ref v20); X(ref v21, ref v22); X(ref v23, ref v24); X(ref v0, ref v16);
        X(ref v1, ref v17); X(ref v2, ref v18); X(ref v3, ref v19); X(ref v4, ref v20);
        X(ref v5, ref v21); X(ref v6, ref v22); X(ref v7, ref v23); X(ref v8, ref v24);
        X(ref v8, ref v16); X(ref v9, ref v17); X(ref v10, ref v18); X(ref v11, ref v19);
        X(ref v12, ref v20); X(ref v13, ref v21); X(ref v4, ref v8); X(ref v5, ref v9);
        X(ref v6, ref v10); X(ref v7, ref v11); X(ref v12, ref v16); X(ref v13, ref v17);
        X(ref v2, ref v4); X(ref v3, ref v5); X(ref v6, ref v8); X(ref v7, ref v9);
        X(ref v10, ref v12); X(ref v11, ref v13); X(ref v1, ref v2); X(ref v3, ref v4);
        X(ref v5, ref v6); X(ref v7, ref v8); X(ref v9, ref v10); X(ref v11, ref v12);
        (values[0], values[1], values[2], values[3], values[4], values[5], values[6]) = (v0, v1, v2, v3, v4, v5, v6);
        (values[7], values[8], values[9], values[10], values[11], values[12]) = (v7, v8, v9, v10, v11, v12);
    }

    /// <summary>One comparator: the smaller value to <paramref name="low"/>, the larger to <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void X(ref Vector256<float> low, ref Vector256<float> high)
    {
        var min = Vector256.MinNative(low, high);
        high = Vector256.MaxNative(low, high);
        low = min;
    }
}
