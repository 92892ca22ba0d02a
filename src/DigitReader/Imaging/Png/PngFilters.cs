using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Imaging.Png;

/// <summary>
/// Reverses the five scanline filters of filter method 0 (PNG specification §9.2 "Filter types for filter
/// method 0", §9.4 "Filter type 4: Paeth"). Arithmetic is modulo 256 on bytes, whatever the bit depth.
/// </summary>
internal static class PngFilters
{
    /// <summary>
    /// Unfilters <paramref name="line"/> in place. <paramref name="previous"/> is the unfiltered scanline
    /// above (same length), or empty for the first scanline of the image or of an Adam7 pass, which the
    /// specification treats as a row of zeros.
    /// </summary>
    /// <param name="filterType">The scanline's filter-type byte.</param>
    /// <param name="line">The scanline without its filter-type byte.</param>
    /// <param name="previous">The unfiltered scanline above, or empty.</param>
    /// <param name="stride">Bytes per complete pixel, at least 1 (<see cref="PngHeader.FilterStride"/>).</param>
    /// <returns>False if <paramref name="filterType"/> is not 0–4.</returns>
    public static bool TryUnfilter(int filterType, Span<byte> line, ReadOnlySpan<byte> previous, int stride)
    {
        // The filter loops read previous without bounds checks, so its length is checked here, once per row.
        if (!previous.IsEmpty && previous.Length < line.Length)
            throw new ArgumentException("The previous scanline is shorter than this one.", nameof(previous));
        switch (filterType)
        {
            case 0:
                return true;
            case 1:
                Sub(line, stride);
                return true;
            case 2:
                if (!previous.IsEmpty) Up(line, previous);
                return true;
            case 3:
                if (previous.IsEmpty) AverageFirstRow(line, stride);
                else Average(line, previous, stride);
                return true;
            case 4:
                // With a zero row above, Paeth always predicts the left byte: it is Sub.
                if (previous.IsEmpty) Sub(line, stride);
                else if (stride == 4 && Vector128.IsHardwareAccelerated) PaethRgba8(line, previous);
                else Paeth(line, previous, stride);
                return true;
            default:
                return false;
        }
    }

    // The loops below index by refs: each runs i over [stride, line.Length) and previous is as long as
    // line, so every access is in range, and dropping the bounds checks roughly halves their cost.
    private static void Sub(Span<byte> line, int stride)
    {
        ref byte x = ref MemoryMarshal.GetReference(line);
        int i = stride;
        if (stride == 4 && Vector256.IsHardwareAccelerated)
        {
            // RGBA: where 32 filtered bytes are 0, eight pixels repeat the one to their left.
            for (; i + 32 <= line.Length; i += 32)
            {
                if (Vector256.LoadUnsafe(ref x, (nuint)i) == Vector256<byte>.Zero)
                    Vector256.Create(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, i - 4))).AsByte().StoreUnsafe(ref x, (nuint)i);
                else
                    for (int j = i; j < i + 32; j++) Unsafe.Add(ref x, j) += Unsafe.Add(ref x, j - 4);
            }
        }
        for (; i < line.Length; i++)
            Unsafe.Add(ref x, i) += Unsafe.Add(ref x, i - stride);
    }

    private static void Up(Span<byte> line, ReadOnlySpan<byte> previous)
    {
        // Byte-wise addition has no carry between lanes, so it vectorises trivially.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<byte>.Count <= line.Length; i += Vector<byte>.Count)
                (new Vector<byte>(line[i..]) + new Vector<byte>(previous[i..])).CopyTo(line[i..]);
        }
        for (; i < line.Length; i++)
            line[i] += previous[i];
    }

    private static void AverageFirstRow(Span<byte> line, int stride)
    {
        for (int i = stride; i < line.Length; i++)
            line[i] += (byte)(line[i - stride] >> 1);
    }

    private static void Average(Span<byte> line, ReadOnlySpan<byte> previous, int stride)
    {
        int first = Math.Min(stride, line.Length);
        for (int i = 0; i < first; i++)
            line[i] += (byte)(previous[i] >> 1);
        ref byte x = ref MemoryMarshal.GetReference(line);
        ref byte up = ref MemoryMarshal.GetReference(previous);
        for (int i = stride; i < line.Length; i++)
            Unsafe.Add(ref x, i) += (byte)((Unsafe.Add(ref x, i - stride) + Unsafe.Add(ref up, i)) >> 1);
    }

    internal static void Paeth(Span<byte> line, ReadOnlySpan<byte> previous, int stride)
    {
        int first = Math.Min(stride, line.Length);
        for (int i = 0; i < first; i++)
            line[i] += previous[i]; // left and upper-left are zero, so the predictor is the byte above
        ref byte x = ref MemoryMarshal.GetReference(line);
        ref byte up = ref MemoryMarshal.GetReference(previous);
        for (int i = stride; i < line.Length; i++)
        {
            int a = Unsafe.Add(ref x, i - stride), b = Unsafe.Add(ref up, i), c = Unsafe.Add(ref up, i - stride);
            int p = b - c; // p = a + b − c, and pa = |p − a| = |b − c| etc.
            int q = a - c;
            int pa = Math.Abs(p), pb = Math.Abs(q), pc = Math.Abs(p + q);
            // Ties go to a, then b, as §9.4 requires.
            int predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            Unsafe.Add(ref x, i) += (byte)predictor;
        }
    }

    /// <summary>
    /// Paeth for 4-byte pixels (8-bit RGBA, the canvas export): each pixel depends on the one to its left,
    /// so the four channels of a pixel are done together in 16-bit lanes, without the data-dependent branches
    /// of the scalar loop. Same predictor, same tie order, so the same bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PaethRgba8(Span<byte> line, ReadOnlySpan<byte> previous)
    {
        if (line.Length % 4 != 0) throw new ArgumentException("An RGBA scanline holds whole 4-byte pixels.", nameof(line));
        if (line.IsEmpty) return;
        for (int i = 0; i < 4; i++)
            line[i] += previous[i]; // left and upper-left are zero, so the predictor is the byte above
        ref byte x = ref MemoryMarshal.GetReference(line);
        ref byte up = ref MemoryMarshal.GetReference(previous);
        var a = Pixel(ref x, 0);
        var c = Pixel(ref up, 0);
        var low = Vector128.Create((short)0xFF);
        for (int i = 4; i < line.Length; i += 4)
        {
            // Where the row above repeats its left pixel (b = c), Paeth predicts the left byte; where the
            // filtered bytes are also 0, each pixel copies its left neighbour. Paper and an empty canvas are
            // like that for long runs: copy eight pixels at once (a and c stay as they are).
            if ((i & 31) == 4 && i + 32 <= line.Length && FlatRun(ref x, ref up, i))
            {
                var left = Vector256.Create(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, i - 4))).AsByte();
                left.StoreUnsafe(ref x, (nuint)i);
                i += 28;
                continue;
            }
            var b = Pixel(ref up, i);
            var p = b - c;
            var q = a - c;
            var pa = Vector128.Abs(p);
            var pb = Vector128.Abs(q);
            var pc = Vector128.Abs(p + q);
            var useA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
            var predictor = Vector128.ConditionalSelect(useA, a, Vector128.ConditionalSelect(Vector128.LessThanOrEqual(pb, pc), b, c));
            a = (Pixel(ref x, i) + predictor) & low;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref x, i), Vector128.Narrow(a.AsUInt16(), a.AsUInt16()).AsUInt32().ToScalar());
            c = b;
        }
    }

    /// <summary>
    /// True when the 32 filtered bytes at <paramref name="i"/> are 0 and the 32 bytes above them equal the
    /// 32 bytes above-left (four bytes, one pixel, earlier).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FlatRun(ref byte line, ref byte up, int i) =>
        Vector256.LoadUnsafe(ref line, (nuint)i) == Vector256<byte>.Zero
        && Vector256.LoadUnsafe(ref up, (nuint)i) == Vector256.LoadUnsafe(ref up, (nuint)(i - 4));

    /// <summary>The four bytes at <paramref name="offset"/> in the low four 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Pixel(ref byte data, int offset) =>
        Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref data, offset))).AsByte()).AsInt16();
}
