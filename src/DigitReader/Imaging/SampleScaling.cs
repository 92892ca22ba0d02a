namespace DigitReader.Imaging;

/// <summary>
/// Reduces samples of any range to 8 bits as <c>⌊v × 255 / max⌋</c>. Rounding down rather than taking
/// the high byte (or rounding to nearest) is deliberate: it is what ImageMagick 6 (Q16) produces, which
/// our tests use as the independent reference, and it is exact for 1-, 2-, 4- and 8-bit samples. For
/// 16-bit samples it equals <c>⌊v / 257⌋</c>, which differs from the high byte by at most 1.
/// </summary>
internal static class SampleScaling
{
    /// <summary>A 16-bit colour or gray sample reduced to 8 bits: <c>⌊v / 257⌋</c>.</summary>
    public static byte From16(int v) => (byte)((uint)v / 257);

    /// <summary>
    /// A 16-bit alpha sample reduced to 8 bits: <c>⌈v / 257⌉</c>. ImageMagick 6 stores opacity (the complement
    /// of alpha) and truncates that, so its alpha rounds up; we match it so the reference comparison stays exact.
    /// </summary>
    public static byte Alpha16(int v) => (byte)(255 - (uint)(65535 - v) / 257);

    /// <summary>
    /// A lookup table of <paramref name="tableSize"/> entries mapping a sample of range 0..<paramref name="max"/>
    /// to 8 bits; entries above <paramref name="max"/> (invalid samples) map to 255.
    /// </summary>
    public static byte[] Table(int max, int tableSize)
    {
        var table = new byte[tableSize];
        for (int v = 0; v < tableSize; v++)
            table[v] = v >= max ? (byte)255 : (byte)((long)v * 255 / max);
        return table;
    }
}
