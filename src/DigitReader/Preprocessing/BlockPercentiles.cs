using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// The 30th, 50th and 70th luma percentiles of each block of the background estimator's grid, from one
/// 64-bin histogram of <c>luma / 4</c> per block. Histograms are counted one row of blocks at a time, so
/// the counters stay in the first-level cache and only a row of blocks' worth is cleared.
/// </summary>
/// <remarks>
/// Paper is mostly one level, and a plain per-pixel <c>bins[luma / 4]++</c> increments one counter over and
/// over, each increment waiting for the previous one's store. So a block's stretch of a pixel row whose bytes
/// all fall in one bin is counted with one addition (a vector compare of the row with itself shifted by a
/// pixel marks where the bin repeats), and the other stretches of the row are counted four at a time, one
/// pixel from each in turn, so consecutive increments go to different blocks' counters. Counts are exact
/// either way.
/// </remarks>
internal static class BlockPercentiles
{
    private const int Bins = 64;

    /// <summary>
    /// Writes the percentiles of each block (<paramref name="block"/> pixels square, clipped at the right and
    /// bottom; <paramref name="gw"/> × <paramref name="gh"/> blocks, row-major) into <paramref name="p30"/>,
    /// <paramref name="p50"/> and <paramref name="p70"/>, as described for <see cref="Percentiles"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    public static void Measure(byte[] luma, int width, int height, int block, int gw, int gh, Span<float> p30, Span<float> p50, Span<float> p70)
    {
        int[]? rented = null;
        Span<int> hist = gw * Bins <= 2048 ? stackalloc int[2048] : (rented = Scratch.Rent<int>(gw * Bins, clear: false));
        hist = hist[..(gw * Bins)];
        Span<int> mixed = gw <= 64 ? stackalloc int[64] : new int[gw];
        Span<int> single = gw <= 64 ? stackalloc int[64] : new int[gw];
        int sameLength = width / 8 + 9; // a bit per pixel, and room to read a whole word at the last one
        Span<byte> same = sameLength <= 1024 ? stackalloc byte[1024] : new byte[sameLength];
        // Blocks of one bin (even paper, most of a canvas) repeat the same percentiles: the last are kept.
        int lastBin = -1, lastArea = 0;
        float last30 = 0, last50 = 0, last70 = 0;
        // Rows of noise have no stretch of one bin, and looking for them costs a fifth of counting the row:
        // after a row without one, the next few are counted pixel by pixel without looking.
        int blind = 0;
        try
        {
            for (int by = 0; by < gh; by++)
            {
                hist.Clear();
                single[..gw].Fill(-1);
                int y0 = by * block, y1 = Math.Min(height, y0 + block);
                for (int y = y0; y < y1; y++)
                {
                    bool look = blind == 0;
                    int found = CountRow(luma, y * width, width, block, gw, look, hist, mixed, single, same);
                    blind = look ? (found == 0 ? 3 : 0) : blind - 1;
                }
                for (int bx = 0; bx < gw; bx++)
                {
                    int area = (Math.Min(width, (bx + 1) * block) - bx * block) * (y1 - y0), b = by * gw + bx;
                    int bin = single[bx];
                    if (bin < 0 || bin != lastBin || area != lastArea)
                    {
                        Percentiles(hist.Slice(bx * Bins, Bins), area, out last30, out last50, out last70);
                        (lastBin, lastArea) = (bin, area);
                    }
                    (p30[b], p50[b], p70[b]) = (last30, last50, last70);
                }
            }
        }
        finally
        {
            Scratch.Return(rented);
        }
    }

    /// <summary>
    /// Adds the pixel row starting at <paramref name="start"/> in <paramref name="luma"/> to its row of block
    /// histograms, and returns how many blocks' stretches of it fell in one bin, when it was asked to
    /// <paramref name="look"/> for them (else it counts every pixel and returns 0). <paramref name="single"/>
    /// follows, per block, the one bin all its rows so far fell in (−1 before the first row, −2 once there is
    /// more than one, or a row was not looked at).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountRow(byte[] luma, int start, int width, int block, int gw, bool look, Span<int> hist, Span<int> mixed, Span<int> single, Span<byte> same)
    {
        // luma / 4 < 64 and every block index is below gw, so the counters are reached without bounds checks.
        ref int bins = ref MemoryMarshal.GetReference(hist);
        ref byte row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(luma), start);
        if (same.Length < width / 8 + 9) throw new ArgumentException("The repeat marks need a byte per eight pixels and a word to spare.", nameof(same));
        ref byte marks = ref MemoryMarshal.GetReference(same);
        // One bin throughout a stretch when every pixel after its first repeats the bin before it; a row of
        // one bin (a margin of paper) needs one look instead of one per block.
        if (look) MarkRepeats(ref row, width, luma.Length - start, same);
        bool oneBin = look && AllSet(ref marks, 0, width - 1);
        int count = 0, found = 0;
        bool narrowMixed = false; // a last block narrower than the others that is not one bin, counted on its own
        for (int bx = 0, x0 = 0; bx < gw; bx++, x0 += block)
        {
            int length = Math.Min(block, width - x0);
            if (oneBin || look && AllSet(ref marks, x0, length - 1))
            {
                int bin = Unsafe.Add(ref row, x0) >> 2;
                Unsafe.Add(ref bins, bx * Bins + bin) += length;
                single[bx] = single[bx] == -1 || single[bx] == bin ? bin : -2;
                found++;
                continue;
            }
            single[bx] = -2;
            if (length == block) mixed[count++] = bx;
            else narrowMixed = true;
        }
        // Four blocks at a time, one pixel of each in turn: four independent chains of increments.
        int k = 0;
        for (; k <= count - 4; k += 4)
        {
            ref int h0 = ref Unsafe.Add(ref bins, mixed[k] * Bins), h1 = ref Unsafe.Add(ref bins, mixed[k + 1] * Bins);
            ref int h2 = ref Unsafe.Add(ref bins, mixed[k + 2] * Bins), h3 = ref Unsafe.Add(ref bins, mixed[k + 3] * Bins);
            ref byte p0 = ref Unsafe.Add(ref row, mixed[k] * block), p1 = ref Unsafe.Add(ref row, mixed[k + 1] * block);
            ref byte p2 = ref Unsafe.Add(ref row, mixed[k + 2] * block), p3 = ref Unsafe.Add(ref row, mixed[k + 3] * block);
            for (int j = 0; j < block; j++)
            {
                Unsafe.Add(ref h0, Unsafe.Add(ref p0, j) >> 2)++;
                Unsafe.Add(ref h1, Unsafe.Add(ref p1, j) >> 2)++;
                Unsafe.Add(ref h2, Unsafe.Add(ref p2, j) >> 2)++;
                Unsafe.Add(ref h3, Unsafe.Add(ref p3, j) >> 2)++;
            }
        }
        for (; k < count; k++)
        {
            ref int h = ref Unsafe.Add(ref bins, mixed[k] * Bins);
            ref byte p = ref Unsafe.Add(ref row, mixed[k] * block);
            for (int j = 0; j < block; j++) Unsafe.Add(ref h, Unsafe.Add(ref p, j) >> 2)++;
        }
        if (narrowMixed)
            for (int x = (gw - 1) * block; x < width; x++) Unsafe.Add(ref bins, (gw - 1) * Bins + (Unsafe.Add(ref row, x) >> 2))++;
        return found;
    }

    /// <summary>
    /// Sets bit <c>x − 1</c> of <paramref name="same"/> (little-endian bytes) when pixel <c>x</c> of the row
    /// falls in the same bin as pixel <c>x − 1</c>, for <c>x</c> = 1 … width − 1. <paramref name="readable"/>
    /// bytes from <paramref name="row"/> lie inside the array: vectors may read past the row, and the bits they
    /// set past it are never looked at.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MarkRepeats(ref byte row, int width, int readable, Span<byte> same)
    {
        int x = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            // x − 1 is a multiple of 32 here, so each vector's 32 bits fill four whole bytes.
            var binBits = Vector256.Create((byte)0xFC);
            for (; x < width && x + 32 <= readable; x += 32)
            {
                var change = (Vector256.LoadUnsafe(ref row, (nuint)x) ^ Vector256.LoadUnsafe(ref row, (nuint)(x - 1))) & binBits;
                BinaryPrimitives.WriteUInt32LittleEndian(same[((x - 1) >> 3)..], Vector256.Equals(change, Vector256<byte>.Zero).ExtractMostSignificantBits());
            }
        }
        for (; x < width; x++)
        {
            int bit = 1 << ((x - 1) & 7);
            ref byte b = ref same[(x - 1) >> 3];
            b = ((Unsafe.Add(ref row, x) ^ Unsafe.Add(ref row, x - 1)) & 0xFC) == 0 ? (byte)(b | bit) : (byte)(b & ~bit);
        }
    }

    /// <summary>
    /// Whether the <paramref name="count"/> bits from bit <paramref name="start"/> on are all set, in bits
    /// stored as little-endian bytes at <paramref name="bits"/> with a word to spare past the last one read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllSet(ref byte bits, int start, int count)
    {
        while (count > 0)
        {
            int take = Math.Min(count, 56); // a word read at start's byte holds at least 56 bits from start
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bits, start >> 3));
            if (!BitConverter.IsLittleEndian) word = BinaryPrimitives.ReverseEndianness(word);
            word >>= start & 7;
            ulong wanted = (1UL << take) - 1;
            if ((word & wanted) != wanted) return false;
            start += take;
            count -= take;
        }
        return true;
    }

    /// <summary>
    /// The 30th, 50th and 70th percentiles of a 64-bin histogram of <c>luma / 4</c> holding
    /// <paramref name="total"/> counts, in luma units, with linear interpolation inside the bin where each is
    /// reached; 255 when the histogram is empty.
    /// </summary>
    internal static void Percentiles(ReadOnlySpan<int> hist, int total, out float p30, out float p50, out float p70)
    {
        double t30 = Math.Max(0.5, total * 0.30), t50 = Math.Max(0.5, total * 0.50), t70 = Math.Max(0.5, total * 0.70);
        p30 = p50 = p70 = 255;
        int i = hist.IndexOfAnyExcept(0);
        if (i < 0) return;
        // Each percentile is reached in the first bin whose cumulative count meets its target; the targets
        // rise, so each is looked for only once the previous one is found.
        int found = 0;
        double seen = 0;
        for (; i < hist.Length; i++)
        {
            int count = hist[i];
            if (count == 0) continue;
            double through = seen + count;
            if (found == 0)
            {
                if (through < t30) { seen = through; continue; }
                p30 = (float)((i + (t30 - seen) / count) * 4);
                found = 1;
            }
            if (found == 1)
            {
                if (through < t50) { seen = through; continue; }
                p50 = (float)((i + (t50 - seen) / count) * 4);
                found = 2;
            }
            if (through < t70) { seen = through; continue; }
            p70 = (float)((i + (t70 - seen) / count) * 4);
            return;
        }
    }
}
