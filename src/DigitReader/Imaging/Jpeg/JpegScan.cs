namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// A parsed scan header (SOS, ITU T.81 B.2.3) with its Huffman tables bound to its components.
/// </summary>
internal sealed class JpegScan
{
    private JpegScan(int number, JpegComponent[] components, int start, int end, int high, int low)
    {
        Number = number;
        Components = components;
        SpectralStart = start;
        SpectralEnd = end;
        SuccessiveHigh = high;
        SuccessiveLow = low;
    }

    /// <summary>1-based position among the file's scans, for messages.</summary>
    public int Number { get; }

    /// <summary>The components coded in this scan (one: non-interleaved; several: interleaved MCUs).</summary>
    public JpegComponent[] Components { get; }

    /// <summary>Ss: first zig-zag coefficient of the spectral selection band.</summary>
    public int SpectralStart { get; }

    /// <summary>Se: last zig-zag coefficient of the spectral selection band.</summary>
    public int SpectralEnd { get; }

    /// <summary>Ah: successive approximation bit position of the previous scan of this band (0 for a first scan).</summary>
    public int SuccessiveHigh { get; }

    /// <summary>Al: successive approximation bit position (point transform) of this scan.</summary>
    public int SuccessiveLow { get; }

    /// <summary>
    /// Parses an SOS segment body, validates it against the frame, selects each component's Huffman
    /// tables for the scan and latches its quantisation table.
    /// </summary>
    /// <exception cref="ImageDecodeException">
    /// Corrupt: a malformed header, an unknown or repeated component, more than 10 blocks per MCU
    /// (B.2.3), invalid progressive parameters (G.1.1.1.1), or a Huffman or quantisation table the
    /// file never defined.
    /// </exception>
    public static JpegScan Parse(ReadOnlySpan<byte> segment, JpegFrame frame, HuffmanTable?[] dcTables,
        HuffmanTable?[] acTables, float[]?[] quantTables, int number)
    {
        if (segment.Length < 1) throw JpegError.Corrupt($"scan header {number} is empty.");
        int count = segment[0];
        if (count is < 1 or > 4) throw JpegError.Corrupt($"scan {number} declares {count} components; 1–4 are allowed.");
        if (segment.Length < 4 + 2 * count) throw JpegError.Corrupt($"scan header {number} is too short.");
        int p = 1 + 2 * count;
        int ss = segment[p], se = segment[p + 1], ah = segment[p + 2] >> 4, al = segment[p + 2] & 15;

        var components = new JpegComponent[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = segment[1 + 2 * i];
            var c = Array.Find(frame.Components, fc => fc.Id == id)
                ?? throw JpegError.Corrupt($"scan {number} refers to component {id}, which the frame header does not declare.");
            if (Array.IndexOf(components, c) >= 0) throw JpegError.Corrupt($"scan {number} lists component {id} twice.");
            components[i] = c;
            blocksPerMcu += c.HorizontalFactor * c.VerticalFactor;
        }
        if (count > 1 && blocksPerMcu > 10)
            throw JpegError.Corrupt($"scan {number} interleaves {blocksPerMcu} blocks per MCU; at most 10 are allowed.");

        bool needDc, needAc;
        if (frame.Progressive)
        {
            bool dc = ss == 0;
            if (dc ? se != 0 : se < ss || se > 63)
                throw JpegError.Corrupt($"scan {number} has the invalid spectral selection {ss}–{se}.");
            if (!dc && count != 1)
                throw JpegError.Corrupt($"AC scan {number} interleaves {count} components; progressive AC scans code one.");
            if (al > 13 || ah > 13 || (ah != 0 && al != ah - 1))
                throw JpegError.Corrupt($"scan {number} has the invalid successive approximation Ah={ah}, Al={al}.");
            needDc = dc && ah == 0;
            needAc = !dc;
        }
        else
        {
            // libjpeg only warns about other Ss/Se/Ah/Al in a sequential scan; they carry no meaning, so follow it.
            (ss, se, ah, al) = (0, 63, 0, 0);
            needDc = needAc = true;
        }

        for (int i = 0; i < count; i++)
        {
            var c = components[i];
            int td = segment[2 + 2 * i] >> 4, ta = segment[2 + 2 * i] & 15;
            if (needDc) c.DcTable = Table(dcTables, td, "DC", number);
            if (needAc) c.AcTable = Table(acTables, ta, "AC", number);
            if (c.Quant is null || !frame.Progressive)
                c.Quant = quantTables[c.QuantTableId] ?? throw JpegError.Corrupt(
                    $"component {c.Id} uses quantisation table {c.QuantTableId}, which the file never defines (no DQT before scan {number}).");
        }
        return new JpegScan(number, components, ss, se, ah, al);
    }

    private static HuffmanTable Table(HuffmanTable?[] tables, int id, string kind, int number) =>
        (id < tables.Length ? tables[id] : null)
        ?? throw JpegError.Corrupt($"scan {number} uses {kind} Huffman table {id}, which the file never defines (no DHT).");
}
