using System.Buffers;

namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// A parsed frame header (SOFn, ITU T.81 B.2.2) with the MCU geometry derived from it (A.1.1, A.2).
/// </summary>
internal sealed class JpegFrame
{
    private JpegFrame(bool progressive, int width, int height, JpegComponent[] components)
    {
        Progressive = progressive;
        Width = width;
        Height = height;
        Components = components;
        foreach (var c in components)
        {
            MaxHorizontalFactor = Math.Max(MaxHorizontalFactor, c.HorizontalFactor);
            MaxVerticalFactor = Math.Max(MaxVerticalFactor, c.VerticalFactor);
        }
        McusPerLine = DivCeil(width, 8 * MaxHorizontalFactor);
        McusPerColumn = DivCeil(height, 8 * MaxVerticalFactor);
        foreach (var c in components)
        {
            c.BlocksWide = DivCeil(DivCeil(width * c.HorizontalFactor, MaxHorizontalFactor), 8);
            c.BlocksHigh = DivCeil(DivCeil(height * c.VerticalFactor, MaxVerticalFactor), 8);
            c.BlocksPerLine = McusPerLine * c.HorizontalFactor;
            c.BlocksPerColumn = McusPerColumn * c.VerticalFactor;
        }
    }

    /// <summary>True for SOF2 (progressive), false for SOF0/SOF1 (sequential).</summary>
    public bool Progressive { get; }

    /// <summary>Samples per line X.</summary>
    public int Width { get; }

    /// <summary>Number of lines Y.</summary>
    public int Height { get; }

    /// <summary>The components in frame-header order.</summary>
    public JpegComponent[] Components { get; }

    /// <summary>Hmax.</summary>
    public int MaxHorizontalFactor { get; }

    /// <summary>Vmax.</summary>
    public int MaxVerticalFactor { get; }

    /// <summary>MCUs per MCU row of an interleaved scan.</summary>
    public int McusPerLine { get; }

    /// <summary>MCU rows of an interleaved scan.</summary>
    public int McusPerColumn { get; }

    private static int DivCeil(int a, int b) => (a + b - 1) / b;

    /// <summary>
    /// Parses the SOF segment body (after the length) and checks it against <paramref name="limits"/>
    /// before anything is allocated.
    /// </summary>
    /// <param name="marker">The SOF marker code: SOF0, SOF1 or SOF2 (others are refused by the caller).</param>
    /// <param name="segment">The segment body: P, Y, X, Nf, then Ci, Hi/Vi, Tqi per component.</param>
    /// <param name="limits">The size limits.</param>
    /// <exception cref="ImageDecodeException">
    /// UnsupportedFeature for a precision other than 8 bits or 2 components; InvalidDimensions for a zero
    /// width or height (a height given later by DNL is not supported); ImageTooLarge against the limits;
    /// Corrupt for a malformed header or sampling factors outside 1–4; UnsupportedFeature for
    /// sampling factors that are not integer ratios of the largest.
    /// </exception>
    public static JpegFrame Parse(byte marker, ReadOnlySpan<byte> segment, DecodeLimits limits)
    {
        if (segment.Length < 6) throw JpegError.Corrupt("the frame header (SOF) is too short.");
        int precision = segment[0];
        int height = segment[1] << 8 | segment[2];
        int width = segment[3] << 8 | segment[4];
        int count = segment[5];
        if (precision != 8)
            throw JpegError.Unsupported($"{precision}-bit samples; only 8-bit JPEG is supported.");
        if (width == 0 || height == 0)
            throw new ImageDecodeException(DecodeErrorReason.InvalidDimensions, height == 0 && width != 0
                ? "Invalid JPEG: the frame header gives a height of 0 (a height defined later by a DNL marker is not supported)."
                : $"Invalid JPEG: the frame header gives a size of {width}×{height}.");
        if (width > limits.MaxDimension || height > limits.MaxDimension)
            throw new ImageDecodeException(DecodeErrorReason.ImageTooLarge,
                $"The JPEG is {width}×{height} pixels; the limit is {limits.MaxDimension:N0} pixels a side.");
        if ((long)width * height > limits.MaxPixels)
            throw new ImageDecodeException(DecodeErrorReason.ImageTooLarge,
                $"The JPEG is {width}×{height} = {(long)width * height:N0} pixels; the limit is {limits.MaxPixels:N0}.");
        if (count is not (1 or 3 or 4))
            throw count == 0
                ? JpegError.Corrupt("the frame header declares no components.")
                : JpegError.Unsupported($"{count} colour components; only 1 (grey), 3 (YCbCr/RGB) and 4 (CMYK/YCCK) are supported.");
        if (segment.Length < 6 + 3 * count)
            throw JpegError.Corrupt("the frame header (SOF) is shorter than its component list.");

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = segment[6 + 3 * i];
            int h = segment[7 + 3 * i] >> 4, v = segment[7 + 3 * i] & 15;
            int tq = segment[8 + 3 * i];
            if (h is < 1 or > 4 || v is < 1 or > 4)
                throw JpegError.Corrupt($"component {id} has sampling factors {h}×{v}; each must be 1–4.");
            if (tq > 3)
                throw JpegError.Corrupt($"component {id} selects quantisation table {tq}; only 0–3 exist.");
            for (int j = 0; j < i; j++)
                if (components[j].Id == id) throw JpegError.Corrupt($"two components share the identifier {id}.");
            components[i] = new JpegComponent(id, i, h, v, tq);
        }
        var frame = new JpegFrame(marker == JpegMarker.Sof2, width, height, components);
        foreach (var c in components)
            if (frame.MaxHorizontalFactor % c.HorizontalFactor != 0 || frame.MaxVerticalFactor % c.VerticalFactor != 0)
                throw JpegError.Unsupported(
                    $"component {c.Id} is sampled {c.HorizontalFactor}×{c.VerticalFactor} against a maximum of " +
                    $"{frame.MaxHorizontalFactor}×{frame.MaxVerticalFactor}; only whole-number subsampling ratios are supported.");
        return frame;
    }

    /// <summary>
    /// Returns the planes to the pool; afterwards they are empty. Call once the decoded image no longer needs
    /// them (after colour conversion), or when decoding fails.
    /// </summary>
    public void ReleasePlanes()
    {
        foreach (var c in Components)
        {
            if (c.Plane.Length > 0) ArrayPool<byte>.Shared.Return(c.Plane);
            c.Plane = [];
        }
    }

    /// <summary>Allocates the planes (and for progressive frames the coefficient arrays). Call after the limits passed.</summary>
    public void Allocate()
    {
        long total = 0;
        foreach (var c in Components) total += (long)c.BlocksPerLine * c.BlocksPerColumn * 64;
        // Only reachable when a caller raises the limits past what arrays can hold.
        if (total > Array.MaxLength / 2)
            throw new ImageDecodeException(DecodeErrorReason.ImageTooLarge, $"The JPEG is {Width}×{Height} pixels, too large to decode in memory.");
        foreach (var c in Components)
        {
            // Not zeroed: the scans write every block that colour conversion reads (a component left
            // without a scan is refused), and zeroing megabytes is a noticeable part of the decode time.
            // Rented: a 1 MP colour photo has 3 MB of planes, which would land on the large-object heap on
            // every decode; the decoder gives them back (ReleasePlanes) once colour conversion has read them.
            c.Plane = ArrayPool<byte>.Shared.Rent(c.BlocksPerLine * 8 * c.BlocksPerColumn * 8);
            if (Progressive) c.Coefficients = new short[c.BlocksPerLine * c.BlocksPerColumn * 64];
        }
    }
}
