namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// A managed JPEG decoder: ITU T.81 baseline and extended sequential (SOF0, SOF1) and progressive
/// (SOF2) DCT with Huffman coding and 8-bit samples, in JFIF 1.02 or EXIF files; grey, YCbCr, RGB,
/// and Adobe (APP14, TN 5116) CMYK/YCCK; any integer chroma subsampling; restart intervals; EXIF
/// orientation applied.
/// </summary>
/// <remarks>
/// <para>
/// Not supported, reported as <see cref="DecodeErrorReason.UnsupportedFeature"/>: 12-bit samples,
/// arithmetic coding (SOF9–SOF15), lossless (SOF3) and hierarchical (SOF5–SOF7, DHP, EXP) processes,
/// heights defined by DNL, 2-component images. Files with more than <see cref="MaxScans"/> scans are refused as Corrupt.
/// </para>
/// <para>
/// Damaged data: a file that ends early fails with <see cref="DecodeErrorReason.Truncated"/> (never a
/// partly grey image), with one leniency: a sequential image whose every scan is complete decodes
/// even if the EOI marker is missing. Entropy-coded data that stops early at a marker, bad Huffman
/// codes, undefined tables and inconsistent headers fail with <see cref="DecodeErrorReason.Corrupt"/>.
/// Like libjpeg, extra bytes between the end of a scan's data and the next marker are skipped.
/// </para>
/// </remarks>
public static class JpegDecoder
{
    /// <summary>
    /// Most scans accepted. Each progressive scan walks every block of its component even when its
    /// data is a few bytes of end-of-band runs, so without a cap a small hostile file could make the
    /// decoder walk a large image thousands of times (as libjpeg-turbo's scan limit also guards against).
    /// </summary>
    public const int MaxScans = 1000;

    /// <summary>Decodes a JPEG file held in memory.</summary>
    /// <param name="data">The whole file, starting with SOI (FF D8).</param>
    /// <param name="limits">Checked against the frame header (SOF) before the planes are allocated.</param>
    /// <returns>The image upright (EXIF orientation applied), RGBA with alpha 255, row-major, top row first.</returns>
    /// <exception cref="ImageDecodeException">
    /// <see cref="DecodeErrorReason.Truncated"/>, <see cref="DecodeErrorReason.Corrupt"/>,
    /// <see cref="DecodeErrorReason.UnsupportedFeature"/>, <see cref="DecodeErrorReason.InvalidDimensions"/>
    /// (zero width or height) or <see cref="DecodeErrorReason.ImageTooLarge"/> (beyond <paramref name="limits"/>).
    /// </exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> data, DecodeLimits limits) =>
        Decode(data, limits, static (frame, space, adobe, orientation) =>
            OrientationTransform.Apply(ColorConverter.ToRgba(frame, space, adobeInverted: adobe), orientation));

    /// <summary>
    /// Decodes a JPEG file held in memory straight to grayscale. Grayscale and YCbCr files give their luma
    /// plane (Y, JFIF 1.02 §7) without the colour conversion and RGBA image <see cref="Decode(ReadOnlySpan{byte}, DecodeLimits)"/>
    /// builds. Y and the luma of the converted colour differ by a level or two of rounding, and by several
    /// levels where a colour saturates (the RGB is clamped, Y is not). RGB, CMYK and YCCK files are converted
    /// to colour first, then to luma as <see cref="RgbaImage.ToGray"/> does.
    /// </summary>
    /// <returns>The image upright (EXIF orientation applied), row-major 8-bit gray, top row first.</returns>
    /// <exception cref="ImageDecodeException">As <see cref="Decode(ReadOnlySpan{byte}, DecodeLimits)"/>.</exception>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, DecodeLimits limits) =>
        Decode(data, limits, static (frame, space, adobe, orientation) => OrientationTransform.Apply(
            space is JpegColorSpace.Gray or JpegColorSpace.YCbCr
                ? ColorConverter.ToGray(frame, space)
                : ColorConverter.ToRgba(frame, space, adobeInverted: adobe).ToGray(),
            orientation));

    /// <summary>Turns the decoded planes into the result: (frame, colour space, Adobe-inverted, EXIF orientation).</summary>
    private delegate T Output<T>(JpegFrame frame, JpegColorSpace space, bool adobeInverted, int orientation);

    private static T Decode<T>(ReadOnlySpan<byte> data, DecodeLimits limits, Output<T> output)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarker.Soi)
            throw JpegError.Corrupt("the file does not start with the start-of-image marker FF D8.");

        var quantTables = new float[]?[4];
        var dcTables = new HuffmanTable?[4];
        var acTables = new HuffmanTable?[4];
        JpegFrame? frame = null;
        int restartInterval = 0, scanCount = 0, orientation = 1, adobeTransform = -1;
        bool jfif = false, exifSeen = false;
        int pos = 2;

        try
        {
            while (true)
            {
                if (pos >= data.Length)
                {
                    if (frame is not null && !frame.Progressive && Array.TrueForAll(frame.Components, c => c.Scanned)) break;
                    throw JpegError.Truncated(frame is null || scanCount == 0
                        ? "the file ends before any image data."
                        : "the file ends before the end-of-image marker (EOI); the image is incomplete.");
                }
                if (data[pos] != 0xFF)
                    throw JpegError.Corrupt($"expected a marker at byte {pos} but found 0x{data[pos]:X2}.");
                while (pos < data.Length && data[pos] == 0xFF) pos++;  // fill bytes (B.1.1.2)
                if (pos >= data.Length) throw JpegError.Truncated("the file ends inside a marker.");
                byte code = data[pos++];

                if (code == JpegMarker.Eoi) break;
                if (code is >= JpegMarker.Rst0 and <= JpegMarker.Rst7 or JpegMarker.Tem) continue;  // no segment; stray ones are harmless
                if (code == JpegMarker.Soi) throw JpegError.Corrupt("a second start-of-image marker (SOI) inside the file.");
                if (code < JpegMarker.Sof0)
                    throw JpegError.Corrupt($"unknown marker {JpegMarker.Describe(code)} at byte {pos - 2}.");

                var segment = ReadSegment(data, ref pos, code);
                switch (code)
                {
                    case JpegMarker.Sof0 or JpegMarker.Sof1 or JpegMarker.Sof2:
                        if (frame is not null) throw JpegError.Corrupt("the file has more than one frame header (SOF).");
                        frame = JpegFrame.Parse(code, segment, limits);
                        frame.Allocate();
                        break;
                    case JpegMarker.Sof3:
                        throw JpegError.Unsupported("lossless JPEG (SOF3) is not supported.");
                    case 0xC5 or 0xC6 or 0xC7 or JpegMarker.Dhp or JpegMarker.Exp:
                        throw JpegError.Unsupported($"hierarchical JPEG ({JpegMarker.Describe(code)}) is not supported.");
                    case >= 0xC9 and <= 0xCB or >= 0xCD and <= 0xCF:
                        throw JpegError.Unsupported($"arithmetic coding (SOF{code - JpegMarker.Sof0}) is not supported.");
                    case JpegMarker.Dnl:
                        throw JpegError.Unsupported("the image height is defined by a DNL marker, which is not supported.");
                    case JpegMarker.Dht:
                        ReadHuffmanTables(segment, dcTables, acTables);
                        break;
                    case JpegMarker.Dqt:
                        ReadQuantTables(segment, quantTables);
                        break;
                    case JpegMarker.Dri:
                        if (segment.Length < 2) throw JpegError.Corrupt("the restart interval segment (DRI) is too short.");
                        restartInterval = segment[0] << 8 | segment[1];
                        break;
                    case JpegMarker.Sos:
                        if (frame is null) throw JpegError.Corrupt("a scan (SOS) comes before the frame header (SOF).");
                        if (scanCount == MaxScans)
                            throw JpegError.Corrupt($"the file has more than {MaxScans} scans; real encoders write at most a few dozen.");
                        var scan = JpegScan.Parse(segment, frame, dcTables, acTables, quantTables, ++scanCount);
                        pos = DecodeScan(data, pos, frame, scan, restartInterval);
                        foreach (var c in scan.Components) c.Scanned = true;
                        break;
                    case JpegMarker.App0:
                        jfif |= segment.StartsWith("JFIF\0"u8);
                        break;
                    case JpegMarker.App1:
                        if (!exifSeen && segment.StartsWith("Exif\0\0"u8))
                        {
                            exifSeen = true;
                            orientation = ExifOrientation.Read(segment);
                        }
                        break;
                    case JpegMarker.App14:
                        // "Adobe", version (2), flags0 (2), flags1 (2), transform (1): TN 5116 §18.
                        if (segment.Length >= 12 && segment.StartsWith("Adobe"u8)) adobeTransform = segment[11];
                        break;
                    default:
                        break;  // other APPn, COM, JPGn, DAC: nothing the decoder needs
                }
            }

            if (frame is null) throw JpegError.Corrupt("the file has no frame header (SOF).");
            foreach (var c in frame.Components)
                if (!c.Scanned) throw JpegError.Corrupt($"component {c.Id} is never coded in any scan.");
            if (frame.Progressive) ProgressiveBlockDecoder.FinishProgressive(frame);

            return output(frame, ChooseColorSpace(frame, jfif, adobeTransform), adobeTransform >= 0, orientation);
        }
        finally
        {
            frame?.ReleasePlanes(); // the planes are rented; nothing returned refers to them
        }
    }

    private static int DecodeScan(ReadOnlySpan<byte> data, int pos, JpegFrame frame, JpegScan scan, int restartInterval)
    {
        if (frame.Progressive)
        {
            var progressive = new ProgressiveBlockDecoder(frame, scan);
            return ScanReader.Read(data, pos, frame, scan, restartInterval, ref progressive);
        }
        var sequential = new SequentialBlockDecoder(frame.Components.Length);
        return ScanReader.Read(data, pos, frame, scan, restartInterval, ref sequential);
    }

    /// <summary>Reads a marker segment's length (B.1.1.4) and returns its body, moving <paramref name="pos"/> past it.</summary>
    private static ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, ref int pos, byte code)
    {
        string name = JpegMarker.Describe(code);
        if (pos + 2 > data.Length) throw JpegError.Truncated($"the file ends inside the {name} segment.");
        int length = data[pos] << 8 | data[pos + 1];
        if (length < 2) throw JpegError.Corrupt($"the {name} segment at byte {pos - 2} has the impossible length {length}.");
        if (pos + length > data.Length) throw JpegError.Truncated($"the file ends inside the {name} segment.");
        var body = data.Slice(pos + 2, length - 2);
        pos += length;
        return body;
    }

    /// <summary>DQT (B.2.4.1): one or more tables, each Pq/Tq then 64 values of 8 (Pq = 0) or 16 bits in zig-zag order.</summary>
    private static void ReadQuantTables(ReadOnlySpan<byte> segment, float[]?[] tables)
    {
        ReadOnlySpan<byte> zigZag = ZigZag.ToNatural;
        while (!segment.IsEmpty)
        {
            int precision = segment[0] >> 4, id = segment[0] & 15;
            if (precision > 1 || id > 3) throw JpegError.Corrupt($"a quantisation table has precision {precision} and number {id}.");
            int size = precision == 0 ? 64 : 128;
            if (segment.Length < 1 + size) throw JpegError.Corrupt($"quantisation table {id} is cut short.");
            var table = new float[64];
            for (int k = 0; k < 64; k++)
                table[zigZag[k]] = precision == 0 ? segment[1 + k] : segment[1 + 2 * k] << 8 | segment[2 + 2 * k];
            tables[id] = table;  // a new array, so a scan that latched the old one keeps it
            segment = segment[(1 + size)..];
        }
    }

    /// <summary>DHT (B.2.4.2): one or more tables, each Tc/Th, 16 code-length counts, then the symbols.</summary>
    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, HuffmanTable?[] dcTables, HuffmanTable?[] acTables)
    {
        while (!segment.IsEmpty)
        {
            int cls = segment[0] >> 4, id = segment[0] & 15;
            if (cls > 1 || id > 3) throw JpegError.Corrupt($"a Huffman table has class {cls} and number {id}.");
            if (segment.Length < 17) throw JpegError.Corrupt("a Huffman table (DHT) is cut short.");
            var counts = segment.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts) total += n;
            if (total > 256 || segment.Length < 17 + total)
                throw JpegError.Corrupt($"Huffman table {id} declares {total} codes but {(total > 256 ? "at most 256 exist" : "the segment is shorter")}.");
            var table = new HuffmanTable(counts, segment.Slice(17, total));
            (cls == 0 ? dcTables : acTables)[id] = table;
            segment = segment[(17 + total)..];
        }
    }

    /// <summary>
    /// As libjpeg decides: Adobe's transform flag wins (0: RGB/CMYK, 1: YCbCr, 2: YCCK); then a JFIF
    /// segment means YCbCr; then component identifiers 'R','G','B' mean RGB; otherwise 3 components are
    /// YCbCr and 4 are CMYK.
    /// </summary>
    private static JpegColorSpace ChooseColorSpace(JpegFrame frame, bool jfif, int adobeTransform)
    {
        var c = frame.Components;
        switch (c.Length)
        {
            case 1:
                return JpegColorSpace.Gray;
            case 3:
                if (adobeTransform == 0) return JpegColorSpace.Rgb;
                if (adobeTransform > 0 || jfif) return JpegColorSpace.YCbCr;
                return c[0].Id == 'R' && c[1].Id == 'G' && c[2].Id == 'B' ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
            default:
                return adobeTransform == 2 ? JpegColorSpace.Ycck : JpegColorSpace.Cmyk;
        }
    }
}
