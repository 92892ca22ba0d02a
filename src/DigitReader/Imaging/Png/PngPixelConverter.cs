using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DigitReader.Imaging.Png;

/// <summary>
/// Turns one unfiltered scanline of any colour type and bit depth into packed RGBA pixels
/// (<see cref="Rgba32"/>), applying the palette (§11.2.3 PLTE) and simple transparency (§11.3.2.1 tRNS).
/// Samples below 8 bits are scaled exactly (×255, ×85, ×17); 16-bit samples become ⌊v / 257⌋, 16-bit
/// alpha ⌈v / 257⌉ (<see cref="SampleScaling"/>). Gamma (gAMA), chromaticities and ICC profiles are ignored on purpose:
/// digit recognition needs ink against paper, not colorimetry, and most PNGs carry none.
/// </summary>
internal sealed class PngPixelConverter
{
    private readonly PngHeader _header;
    private readonly uint[]? _palette;     // 256 entries for indexed images, so any byte indexes it
    private readonly int _paletteCount;
    private readonly int _transparentKey = -1;   // grayscale tRNS sample, in the image's bit depth
    private readonly int _transparentR = -1, _transparentG = -1, _transparentB = -1;

    /// <exception cref="ImageDecodeException">PLTE or tRNS is malformed or missing where required.</exception>
    public PngPixelConverter(PngHeader header, ReadOnlySpan<byte> plte, bool hasPlte, ReadOnlySpan<byte> trns, bool hasTrns)
    {
        _header = header;
        switch (header.ColorType)
        {
            case PngColorType.Indexed:
                if (!hasPlte)
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt, "The PNG image is palette-based but has no PLTE chunk (the file is damaged).");
                _paletteCount = plte.Length / 3;
                if (_paletteCount > 1 << header.BitDepth)
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                        $"The PNG palette has {_paletteCount} entries, more than {1 << header.BitDepth}-bit indices can address.");
                if (hasTrns && trns.Length > _paletteCount)
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt, "The PNG tRNS chunk has more entries than the palette.");
                _palette = new uint[256];
                for (int i = 0; i < _paletteCount; i++)
                {
                    uint alpha = hasTrns && i < trns.Length ? trns[i] : 255u;
                    _palette[i] = Rgba32.Pack(plte[3 * i], plte[3 * i + 1], plte[3 * i + 2], alpha);
                }
                break;
            case PngColorType.Grayscale when hasTrns:
                if (trns.Length != 2)
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt, "The PNG tRNS chunk of a grayscale image must be 2 bytes long.");
                _transparentKey = BinaryPrimitives.ReadUInt16BigEndian(trns);
                break;
            case PngColorType.Truecolor when hasTrns:
                if (trns.Length != 6)
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt, "The PNG tRNS chunk of an RGB image must be 6 bytes long.");
                _transparentR = BinaryPrimitives.ReadUInt16BigEndian(trns);
                _transparentG = BinaryPrimitives.ReadUInt16BigEndian(trns[2..]);
                _transparentB = BinaryPrimitives.ReadUInt16BigEndian(trns[4..]);
                break;
            // §11.3.2.1: tRNS is prohibited with an alpha channel; like libpng we ignore it there rather than refuse the image.
        }
    }

    /// <summary>
    /// True when a scanline's bytes are already R, G, B, A per pixel (8-bit truecolour with alpha, what a
    /// canvas export holds): the layout of <see cref="RgbaImage"/>, so it can go to <see cref="GrayConversion"/> as it is.
    /// </summary>
    public bool IsRgba8 => _header.ColorType == PngColorType.TruecolorAlpha && _header.BitDepth == 8;

    /// <summary>Converts the first <c>destination.Length</c> pixels of <paramref name="line"/>.</summary>
    /// <exception cref="ImageDecodeException">A palette index past the end of the palette.</exception>
    public void Convert(ReadOnlySpan<byte> line, Span<uint> destination)
    {
        int depth = _header.BitDepth;
        switch (_header.ColorType)
        {
            case PngColorType.Grayscale when depth < 8: GrayLow(line, destination, depth); break;
            case PngColorType.Grayscale when depth == 8: Gray8(line, destination); break;
            case PngColorType.Grayscale: Gray16(line, destination); break;
            case PngColorType.Truecolor when depth == 8: Rgb8(line, destination); break;
            case PngColorType.Truecolor: Rgb16(line, destination); break;
            case PngColorType.Indexed: Indexed(line, destination, depth); break;
            case PngColorType.GrayscaleAlpha when depth == 8:
                for (int i = 0; i < destination.Length; i++)
                {
                    uint g = line[2 * i];
                    destination[i] = Rgba32.Pack(g, g, g, line[2 * i + 1]);
                }
                break;
            case PngColorType.GrayscaleAlpha:
                for (int i = 0; i < destination.Length; i++)
                {
                    uint g = SampleScaling.From16(line[4 * i] << 8 | line[4 * i + 1]);
                    destination[i] = Rgba32.Pack(g, g, g, SampleScaling.Alpha16(line[4 * i + 2] << 8 | line[4 * i + 3]));
                }
                break;
            case PngColorType.TruecolorAlpha when depth == 8:
                // Already R, G, B, A in byte order: the layout of RgbaImage.
                line[..(destination.Length * 4)].CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination));
                break;
            default:
                for (int i = 0, j = 0; i < destination.Length; i++, j += 8)
                    destination[i] = Rgba32.Pack(
                        SampleScaling.From16(line[j] << 8 | line[j + 1]), SampleScaling.From16(line[j + 2] << 8 | line[j + 3]),
                        SampleScaling.From16(line[j + 4] << 8 | line[j + 5]), SampleScaling.Alpha16(line[j + 6] << 8 | line[j + 7]));
                break;
        }
    }

    private void GrayLow(ReadOnlySpan<byte> line, Span<uint> destination, int depth)
    {
        int mask = (1 << depth) - 1;
        uint scale = (uint)(255 / mask);
        // Samples are packed from the high bits down (§7.2); walk them with a shift, not a division per pixel.
        for (int i = 0, at = 0, shift = 8 - depth; i < destination.Length; i++)
        {
            int v = (line[at] >> shift) & mask;
            destination[i] = v == _transparentKey ? 0u : Rgba32.Gray((uint)v * scale);
            if ((shift -= depth) < 0) { shift = 8 - depth; at++; }
        }
    }

    private void Gray8(ReadOnlySpan<byte> line, Span<uint> destination)
    {
        // The most common digit-scan format, so the loop runs on refs without per-pixel bounds checks;
        // line holds at least destination.Length bytes (one per pixel).
        int key = _transparentKey;
        ref byte source = ref MemoryMarshal.GetReference(line[..destination.Length]);
        ref uint target = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < destination.Length; i++)
        {
            uint v = Unsafe.Add(ref source, i);
            Unsafe.Add(ref target, i) = v == key ? Rgba32.Pack(v, v, v, 0) : Rgba32.Gray(v);
        }
    }

    private void Gray16(ReadOnlySpan<byte> line, Span<uint> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            int v = line[2 * i] << 8 | line[2 * i + 1];
            uint g = SampleScaling.From16(v);
            destination[i] = Rgba32.Pack(g, g, g, v == _transparentKey ? 0u : 255u);
        }
    }

    private void Rgb8(ReadOnlySpan<byte> line, Span<uint> destination)
    {
        int kr = _transparentR, kg = _transparentG, kb = _transparentB;
        ref byte source = ref MemoryMarshal.GetReference(line[..(destination.Length * 3)]);
        ref uint target = ref MemoryMarshal.GetReference(destination);
        for (int i = 0, j = 0; i < destination.Length; i++, j += 3)
        {
            int r = Unsafe.Add(ref source, j), g = Unsafe.Add(ref source, j + 1), b = Unsafe.Add(ref source, j + 2);
            uint a = r == kr && g == kg && b == kb ? 0u : 255u;
            Unsafe.Add(ref target, i) = Rgba32.Pack((uint)r, (uint)g, (uint)b, a);
        }
    }

    private void Rgb16(ReadOnlySpan<byte> line, Span<uint> destination)
    {
        for (int i = 0, j = 0; i < destination.Length; i++, j += 6)
        {
            int r = line[j] << 8 | line[j + 1], g = line[j + 2] << 8 | line[j + 3], b = line[j + 4] << 8 | line[j + 5];
            uint a = r == _transparentR && g == _transparentG && b == _transparentB ? 0u : 255u;
            destination[i] = Rgba32.Pack(SampleScaling.From16(r), SampleScaling.From16(g), SampleScaling.From16(b), a);
        }
    }

    private void Indexed(ReadOnlySpan<byte> line, Span<uint> destination, int depth)
    {
        var palette = _palette!;
        int mask = (1 << depth) - 1;
        int perByte = 8 / depth;
        int maxSeen = 0;
        if (depth == 8)
            for (int i = 0; i < destination.Length; i++)
            {
                int index = line[i];
                maxSeen |= index;
                destination[i] = palette[index];
            }
        else
            for (int i = 0, at = 0, shift = 8 - depth; i < destination.Length; i++)
            {
                int index = (line[at] >> shift) & mask;
                maxSeen |= index;
                destination[i] = palette[index];
                if ((shift -= depth) < 0) { shift = 8 - depth; at++; }
            }
        // OR-ing indices bounds the largest one from above cheaply; only if that bound is past the palette
        // do we look for the offending index. §11.2.3: an index past the palette is an error.
        if (maxSeen >= _paletteCount)
            for (int i = 0; i < destination.Length; i++)
            {
                int index = depth == 8 ? line[i] : (line[i / perByte] >> (8 - depth * (i % perByte + 1))) & mask;
                if (index >= _paletteCount)
                    throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                        $"The PNG image uses palette index {index}, but its palette has only {_paletteCount} entries (the file is damaged).");
            }
    }
}
