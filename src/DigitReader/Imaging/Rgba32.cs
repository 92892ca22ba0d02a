using System.Runtime.CompilerServices;

namespace DigitReader.Imaging;

/// <summary>
/// Packs one RGBA pixel into a <see cref="uint"/> whose bytes in memory are R, G, B, A, so decoders can
/// write a whole pixel with one store into the row-major RGBA buffer of <see cref="RgbaImage"/>.
/// </summary>
internal static class Rgba32
{
    /// <summary>The packed pixel; byte order in memory is R, G, B, A on any platform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Pack(uint r, uint g, uint b, uint a) =>
        BitConverter.IsLittleEndian ? r | g << 8 | b << 16 | a << 24 : r << 24 | g << 16 | b << 8 | a;

    /// <summary>An opaque gray pixel of luma <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Gray(uint v) => Pack(v, v, v, 255);

    /// <summary>Reinterprets a row-major RGBA byte span as packed pixels.</summary>
    public static Span<uint> AsPixels(Span<byte> rgba) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(rgba);
}
