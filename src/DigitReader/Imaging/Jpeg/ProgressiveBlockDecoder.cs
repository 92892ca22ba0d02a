namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Decodes blocks of a progressive scan (ITU T.81 G.1.2) into the quantised coefficients of the
/// component: DC first and refinement scans (spectral selection Ss = Se = 0) and AC first and
/// refinement scans (one component, band Ss–Se), with successive approximation (Ah, Al) and
/// end-of-band runs (EOBRUN). The IDCT runs once all scans are in, see <see cref="FinishProgressive"/>.
/// </summary>
internal struct ProgressiveBlockDecoder : IBlockDecoder
{
    private readonly int[] _predictions;
    private readonly int _start, _end, _low;
    private readonly bool _dc, _refine;
    private int _endOfBandRun;

    public ProgressiveBlockDecoder(JpegFrame frame, JpegScan scan)
    {
        _predictions = new int[frame.Components.Length];
        _start = scan.SpectralStart;
        _end = scan.SpectralEnd;
        _low = scan.SuccessiveLow;
        _dc = scan.SpectralStart == 0;
        _refine = scan.SuccessiveHigh != 0;
    }

    public void Restart()
    {
        Array.Clear(_predictions);
        _endOfBandRun = 0;
    }

    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int blockX, int blockY)
    {
        var coefficients = component.Coefficients.AsSpan((blockY * component.BlocksPerLine + blockX) * 64, 64);
        if (_dc)
        {
            if (_refine)
            {
                coefficients[0] |= (short)(reader.ReadBit() << _low);
            }
            else
            {
                int size = reader.DecodeHuffman(component.DcTable!);
                if (size > 11) throw JpegError.Corrupt($"a DC difference of magnitude category {size}; 8-bit data allows at most 11.");
                int dc = _predictions[component.Index] += reader.ReceiveExtend(size);
                coefficients[0] = (short)(dc << _low);
            }
        }
        else if (_refine)
        {
            RefineAc(ref reader, component.AcTable!, coefficients);
        }
        else
        {
            FirstAc(ref reader, component.AcTable!, coefficients);
        }
    }

    /// <summary>G.1.2.2: the first scan of a band; EOBn codes give runs of blocks with no coefficient in the band.</summary>
    private void FirstAc(ref JpegBitReader reader, HuffmanTable table, Span<short> coefficients)
    {
        if (_endOfBandRun > 0)
        {
            _endOfBandRun--;
            return;
        }
        ReadOnlySpan<byte> zigZag = ZigZag.ToNatural;
        for (int k = _start; k <= _end; k++)
        {
            int rs = reader.DecodeHuffman(table);
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run < 15)
                {
                    // EOBn: this block and 2^n − 1 + (n extra bits) more end here.
                    _endOfBandRun = (1 << run) - 1 + reader.ReadBits(run);
                    return;
                }
                k += 15;
                continue;
            }
            k += run;
            if (k > _end) throw JpegError.Corrupt("an AC run passes the end of the spectral band.");
            coefficients[zigZag[k]] = (short)(reader.ReceiveExtend(size) * (1 << _low));
        }
    }

    /// <summary>
    /// G.1.2.3: a refinement scan of a band. Each code places at most one new coefficient of ±2^Al after
    /// skipping <c>run</c> zero coefficients; every already non-zero coefficient passed on the way (and,
    /// within an EOB run, every one in the band) receives one correction bit.
    /// </summary>
    private void RefineAc(ref JpegBitReader reader, HuffmanTable table, Span<short> coefficients)
    {
        ReadOnlySpan<byte> zigZag = ZigZag.ToNatural;
        int plus = 1 << _low, minus = -1 << _low;
        int k = _start;
        if (_endOfBandRun == 0)
        {
            for (; k <= _end; k++)
            {
                int rs = reader.DecodeHuffman(table);
                int run = rs >> 4, size = rs & 15;
                int value = 0;
                if (size != 0)
                {
                    if (size != 1) throw JpegError.Corrupt($"a refinement scan codes a new coefficient of magnitude category {size}; it must be 1.");
                    value = reader.ReadBit() != 0 ? plus : minus;
                }
                else if (run != 15)
                {
                    _endOfBandRun = (1 << run) + reader.ReadBits(run);
                    break;
                }
                // run == 15 with size 0 is ZRL: skip sixteen zero coefficients, placing nothing.
                for (; k <= _end; k++)
                {
                    ref short c = ref coefficients[zigZag[k]];
                    if (c != 0)
                    {
                        Correct(ref reader, ref c, plus, minus);
                    }
                    else if (run-- == 0)
                    {
                        if (value != 0) c = (short)value;
                        break;
                    }
                }
            }
        }
        if (_endOfBandRun > 0)
        {
            for (; k <= _end; k++)
            {
                ref short c = ref coefficients[zigZag[k]];
                if (c != 0) Correct(ref reader, ref c, plus, minus);
            }
            _endOfBandRun--;
        }
    }

    /// <summary>Applies a correction bit: it adds 2^Al to the magnitude of a coefficient that lacks that bit.</summary>
    private static void Correct(ref JpegBitReader reader, ref short c, int plus, int minus)
    {
        if (reader.ReadBit() != 0 && (c & plus) == 0)
            c = (short)(c + (c >= 0 ? plus : minus));
    }

    /// <summary>After the last scan: dequantises every block of every component and transforms it into the plane.</summary>
    public static void FinishProgressive(JpegFrame frame)
    {
        Span<float> block = stackalloc float[64];
        foreach (var c in frame.Components)
        {
            var quant = c.Quant;
            if (quant is null) continue;  // never scanned; the caller reports it
            int stride = c.Stride;
            for (int by = 0; by < c.BlocksPerColumn; by++)
            for (int bx = 0; bx < c.BlocksPerLine; bx++)
            {
                var coefficients = c.Coefficients.AsSpan((by * c.BlocksPerLine + bx) * 64, 64);
                int last = coefficients[1..].LastIndexOfAnyExcept((short)0) + 1;
                int offset = by * 8 * stride + bx * 8;
                if (last == 0)
                {
                    Idct.FillDc(coefficients[0] * quant[0], c.Plane, offset, stride);
                    continue;
                }
                // last is a natural index here, so its row bounds the non-zero rows.
                for (int i = 0; i < 64; i++) block[i] = coefficients[i] * quant[i];
                Idct.Transform(block, last / 8 + 1, c.Plane, offset, stride);
            }
        }
    }
}
