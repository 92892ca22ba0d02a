using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Imaging;

/// <summary>
/// RGBA → luma for <see cref="RgbaImage.ToGray"/>: composite onto white, then ITU-R BT.601 luma in 16.16
/// fixed point. The vector path does the scalar path's integer arithmetic lane by lane, so the bytes are
/// identical; it exists because this runs over every pixel of every upload (2 ms scalar for a 1 MP photo).
/// </summary>
internal static class GrayConversion
{
    // 0.299, 0.587 and 0.114 scaled by 65536; they add up to 65536, so white stays 255.
    private const int R = 19595, G = 38470, B = 7471, Half = 32768;

    /// <summary>Converts <paramref name="rgba"/> (4 bytes a pixel) into <paramref name="gray"/> (1 byte a pixel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Convert(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        if (rgba.Length != gray.Length * 4) throw new ArgumentException("RGBA must hold four bytes per gray pixel.", nameof(rgba));
        int done = Vector256.IsHardwareAccelerated ? ConvertVector(rgba, gray) : 0;
        ConvertScalar(rgba[(done * 4)..], gray[done..]);
    }

    /// <summary>The reference formula, one pixel at a time.</summary>
    public static void ConvertScalar(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        for (int i = 0, j = 0; i < gray.Length; i++, j += 4)
        {
            int a = rgba[j + 3];
            int y = (R * rgba[j] + G * rgba[j + 1] + B * rgba[j + 2] + Half) >> 16;
            gray[i] = a == 255 ? (byte)y : (byte)((y * a + 255 * (255 - a) + 127) / 255);
        }
    }

    /// <summary>
    /// Converts groups of 32 pixels; returns how many pixels it converted: all of a row of at least 32, whose
    /// last group overlaps the one before it (its pixels are written twice, with the same bytes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ConvertVector(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        ref uint source = ref Unsafe.As<byte, uint>(ref MemoryMarshal.GetReference(rgba));
        ref byte target = ref MemoryMarshal.GetReference(gray);
        int x = 0;
        for (; x <= gray.Length - 32; x += 32) ThirtyTwo(ref source, ref target, x);
        if (x == gray.Length || x == 0) return x;
        ThirtyTwo(ref source, ref target, gray.Length - 32);
        return gray.Length;
    }

    /// <summary>Pixels <paramref name="x"/> … <paramref name="x"/> + 31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThirtyTwo(ref uint source, ref byte target, int x)
    {
        var p0 = Eight(Vector256.LoadUnsafe(ref source, (nuint)x));
        var p1 = Eight(Vector256.LoadUnsafe(ref source, (nuint)x + 8));
        var p2 = Eight(Vector256.LoadUnsafe(ref source, (nuint)x + 16));
        var p3 = Eight(Vector256.LoadUnsafe(ref source, (nuint)x + 24));
        Vector256.Narrow(Vector256.Narrow(p0, p1), Vector256.Narrow(p2, p3)).StoreUnsafe(ref target, (nuint)x);
    }

    /// <summary>Luma of eight packed pixels (bytes R, G, B, A in memory), as 32-bit lanes holding 0–255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Eight(Vector256<uint> pixels)
    {
        var mask = Vector256.Create(0xFFu);
        var y = ((pixels & mask) * R + ((pixels >> 8) & mask) * G + ((pixels >> 16) & mask) * B + Vector256.Create((uint)Half)) >> 16;
        var a = pixels >> 24;
        if (Vector256.EqualsAll(a, mask)) return y;
        // Over white: (y·a + 255·(255 − a) + 127) / 255. The numerator is at most 65 152, where
        // x / 255 equals (x · 0x8081) >> 23 exactly, so no vector division is needed.
        var blended = (y * a + (mask - a) * 255 + Vector256.Create(127u)) * 0x8081u >> 23;
        return Vector256.ConditionalSelect(Vector256.Equals(a, mask), y, blended);
    }
}
