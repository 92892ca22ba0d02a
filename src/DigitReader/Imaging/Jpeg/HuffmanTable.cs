namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// A Huffman decoding table built from a DHT segment's BITS and HUFFVAL lists (ITU T.81 B.2.4.2,
/// Annex C for code generation, F.2.2.3 for the decoding procedure), plus a lookahead table so that
/// codes of up to <see cref="LookupBits"/> bits (nearly all codes in practice) decode with one lookup.
/// </summary>
internal sealed class HuffmanTable
{
    /// <summary>Bits of lookahead; 9 covers the common codes of the T.81 Annex K tables and typical optimised ones.</summary>
    public const int LookupBits = 9;

    /// <summary>
    /// Indexed by the next <see cref="LookupBits"/> bits: <c>(code length &lt;&lt; 8) | symbol</c>, or 0 when
    /// the code is longer than the lookahead (or the bits are no code at all).
    /// </summary>
    public ushort[] Lookup { get; } = new ushort[1 << LookupBits];

    /// <summary>
    /// AC tables only, indexed like <see cref="Lookup"/>: when a run/size code and its magnitude bits
    /// together fit in the lookahead, <c>(value &lt;&lt; 8) | (run &lt;&lt; 4) | total length</c> with the
    /// value already sign-extended (F.2.2.1); otherwise 0 (a coded AC value is never 0).
    /// </summary>
    public int[] FastAc { get; } = new int[1 << LookupBits];

    /// <summary>For code length L (1–16): the largest code of that length, or -1 if there is none (T.81 F.2.2.3 MAXCODE).</summary>
    public int[] MaxCode { get; } = new int[17];

    /// <summary>For code length L: add to a code of that length to get its index in <see cref="Values"/> (VALPTR − MINCODE).</summary>
    public int[] ValueOffset { get; } = new int[17];

    /// <summary>The symbols (HUFFVAL), ordered by code.</summary>
    public byte[] Values { get; } = new byte[256];

    /// <summary>Builds a table.</summary>
    /// <param name="counts">BITS: 16 counts, entry i giving the number of codes of length i + 1.</param>
    /// <param name="symbols">HUFFVAL: as many symbols as the counts add up to (at most 256).</param>
    /// <exception cref="ImageDecodeException">Corrupt: the counts describe more codes than fit in 16 bits.</exception>
    public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        symbols.CopyTo(Values);
        int code = 0, index = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            if (n == 0)
            {
                MaxCode[length] = -1;
            }
            else
            {
                ValueOffset[length] = index - code;
                // Checks overflow only, like libjpeg: some encoders do use an all-ones code.
                if (code + n > 1 << length)
                    throw JpegError.Corrupt($"a Huffman table declares more codes of length {length} than exist.");
                if (length <= LookupBits)
                {
                    for (int i = 0; i < n; i++)
                    {
                        // Every lookahead pattern that starts with this code maps to it.
                        int shift = LookupBits - length;
                        int first = (code + i) << shift;
                        ushort entry = (ushort)((length << 8) | symbols[index + i]);
                        Lookup.AsSpan(first, 1 << shift).Fill(entry);
                    }
                }
                code += n;
                index += n;
                MaxCode[length] = code - 1;
            }
            code <<= 1;
        }
        BuildFastAc();
    }

    private void BuildFastAc()
    {
        for (int bits = 0; bits < Lookup.Length; bits++)
        {
            int entry = Lookup[bits];
            if (entry == 0) continue;
            int length = entry >> 8, run = (entry >> 4) & 15, size = entry & 15;
            if (size == 0 || length + size > LookupBits) continue;
            int magnitude = (bits >> (LookupBits - length - size)) & ((1 << size) - 1);
            int value = magnitude < 1 << (size - 1) ? magnitude - (1 << size) + 1 : magnitude;
            FastAc[bits] = value << 8 | run << 4 | (length + size);
        }
    }
}
