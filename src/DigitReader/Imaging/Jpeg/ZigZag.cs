namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// The zig-zag sequence of ITU T.81 Figure A.6: entry k is the natural (row-major, row × 8 + column)
/// index of the k-th coefficient in coding order.
/// </summary>
internal static class ZigZag
{
    /// <summary>Zig-zag position (0–63) → natural index (0–63).</summary>
    public static ReadOnlySpan<byte> ToNatural =>
    [
         0,  1,  8, 16,  9,  2,  3, 10,
        17, 24, 32, 25, 18, 11,  4,  5,
        12, 19, 26, 33, 40, 48, 41, 34,
        27, 20, 13,  6,  7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36,
        29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46,
        53, 60, 61, 54, 47, 55, 62, 63,
    ];

    /// <summary>
    /// For zig-zag position k: how many rows of the natural-order block (from the top) hold positions
    /// 0..k. Rows below that are zero when k is the last coded coefficient, so the IDCT skips them.
    /// </summary>
    public static ReadOnlySpan<byte> RowsThrough => RowsThroughTable;

    // Derived from ToNatural rather than typed in, so the two tables cannot disagree.
    private static readonly byte[] RowsThroughTable = BuildRowsThrough();

    private static byte[] BuildRowsThrough()
    {
        var rows = new byte[64];
        int deepest = 0;
        for (int k = 0; k < 64; k++)
        {
            deepest = Math.Max(deepest, ToNatural[k] / 8);
            rows[k] = (byte)(deepest + 1);
        }
        return rows;
    }
}
