namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// One image component of a frame (ITU T.81 B.2.2): its sampling factors, its block grid, and the
/// sample plane (and, for progressive frames, the coefficients) it decodes into.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int index, int horizontalFactor, int verticalFactor, int quantTableId)
    {
        Id = id;
        Index = index;
        HorizontalFactor = horizontalFactor;
        VerticalFactor = verticalFactor;
        QuantTableId = quantTableId;
    }

    /// <summary>Component identifier Ci as written in SOF and SOS.</summary>
    public int Id { get; }

    /// <summary>Position in the frame header, 0-based.</summary>
    public int Index { get; }

    /// <summary>Horizontal sampling factor Hi, 1–4.</summary>
    public int HorizontalFactor { get; }

    /// <summary>Vertical sampling factor Vi, 1–4.</summary>
    public int VerticalFactor { get; }

    /// <summary>Quantisation table selector Tqi, 0–3.</summary>
    public int QuantTableId { get; }

    /// <summary>
    /// Blocks per row that carry image samples, ⌈⌈X·Hi/Hmax⌉/8⌉ (T.81 A.1.1): the extent of a
    /// non-interleaved scan of this component.
    /// </summary>
    public int BlocksWide { get; set; }

    /// <summary>Block rows that carry image samples, ⌈⌈Y·Vi/Vmax⌉/8⌉.</summary>
    public int BlocksHigh { get; set; }

    /// <summary>Blocks per row including the padding of the last MCU: MCUs per row × Hi. Also the plane width / 8.</summary>
    public int BlocksPerLine { get; set; }

    /// <summary>Block rows including the padding of the last MCU row: MCU rows × Vi.</summary>
    public int BlocksPerColumn { get; set; }

    /// <summary>Samples, BlocksPerLine·8 wide and BlocksPerColumn·8 high, row-major.</summary>
    public byte[] Plane { get; set; } = [];

    /// <summary>Progressive frames only: quantised coefficients, 64 per block in natural order, blocks row-major over the padded grid.</summary>
    public short[] Coefficients { get; set; } = [];

    /// <summary>Dequantisation factors in natural order, latched when a scan first uses the component.</summary>
    public float[]? Quant { get; set; }

    /// <summary>DC Huffman table selected by the current scan.</summary>
    public HuffmanTable? DcTable { get; set; }

    /// <summary>AC Huffman table selected by the current scan.</summary>
    public HuffmanTable? AcTable { get; set; }

    /// <summary>True once a scan has included this component.</summary>
    public bool Scanned { get; set; }

    /// <summary>Plane width in samples.</summary>
    public int Stride => BlocksPerLine * 8;
}
