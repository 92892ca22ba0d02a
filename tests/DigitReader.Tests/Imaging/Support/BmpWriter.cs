using System.Buffers.Binary;
using System.Numerics;

namespace DigitReader.Tests.Imaging.Support;

/// <summary>
/// Writes BMP layouts ImageMagick will not produce (top-down rows, V4 headers, masks after a 40-byte header,
/// 16-bit, OS/2 core headers), straight from the Microsoft structure definitions.
/// </summary>
internal static class BmpWriter
{
    public const uint BiRgb = 0, BiBitfields = 3;

    public static readonly (string Label, SourcePixels.Kind Kind, int Levels, Func<int, int, byte[], byte[]> Write, bool ColourOnly)[] Variants =
    [
        // ImageMagick reads the fourth byte of a 32-bit BI_RGB pixel as alpha; we treat it as unused (see BmpHeader).
        ("rgb32-unused-byte", SourcePixels.Kind.Rgba, 256, (w, h, p) => Write(w, h, p, 32), true),
        ("bitfields32-info-masks-after-header", SourcePixels.Kind.Rgb, 256, (w, h, p) => Write(w, h, p, 32, compression: BiBitfields, masks: [0xFF, 0xFF00, 0xFF0000]), false),
        ("bitfields32-v4-alpha", SourcePixels.Kind.Rgba, 256, (w, h, p) => Write(w, h, p, 32, 108, BiBitfields, [0xFF0000, 0xFF00, 0xFF, 0xFF000000]), false),
        // A V5 alpha mask does not apply to BI_RGB: alpha stays 255, as ImageMagick also reads it.
        ("rgb32-v5-alpha-mask-ignored", SourcePixels.Kind.Rgba, 256, (w, h, p) => Write(w, h, p, 32, 124, BiRgb, [0xFF0000, 0xFF00, 0xFF, 0xFF000000]), false),
        ("bitfields16-565", SourcePixels.Kind.Rgb, 256, (w, h, p) => Write(w, h, p, 16, compression: BiBitfields, masks: [0xF800, 0x07E0, 0x001F]), false),
        ("rgb16-555", SourcePixels.Kind.Rgb, 256, (w, h, p) => Write(w, h, p, 16), false),
        ("rgb24-topdown", SourcePixels.Kind.Rgb, 256, (w, h, p) => Write(w, h, p, 24, topDown: true), false),
        ("pal8-topdown", SourcePixels.Kind.Palette, 20, (w, h, p) => Write(w, h, p, 8, topDown: true), false),
        ("pal4", SourcePixels.Kind.Palette, 12, (w, h, p) => Write(w, h, p, 4), false),
        ("pal1", SourcePixels.Kind.TwoColors, 2, (w, h, p) => Write(w, h, p, 1), false),
        ("core-pal8", SourcePixels.Kind.Palette, 50, (w, h, p) => Write(w, h, p, 8, 12), false),
        ("core-rgb24", SourcePixels.Kind.Rgb, 256, (w, h, p) => Write(w, h, p, 24, 12), false),
    ];

    /// <summary>
    /// A BMP of the RGBA pixels <paramref name="rgba"/>. Palette images get a palette of the distinct colours
    /// (which must fit); <paramref name="masks"/> go inside a V4/V5 header or, for a 40-byte header, after it.
    /// </summary>
    public static byte[] Write(int w, int h, byte[] rgba, int bitCount, int headerSize = 40, uint compression = BiRgb,
        uint[]? masks = null, bool topDown = false)
    {
        var palette = new List<uint>();
        if (bitCount <= 8)
            for (int i = 0; i < w * h; i++)
                if (!palette.Contains(Rgb(rgba, i))) palette.Add(Rgb(rgba, i));
        if (palette.Count > 1 << Math.Min(bitCount, 8) && bitCount <= 8) throw new ArgumentException("too many colours for the palette");

        int entrySize = headerSize == 12 ? 3 : 4;
        // A core header has no colour count: its table always has 2^bitCount entries.
        while (headerSize == 12 && bitCount <= 8 && palette.Count < 1 << bitCount) palette.Add(0);
        int masksAfter = headerSize == 40 && compression == BiBitfields ? 12 : 0;
        int stride = (w * bitCount + 31) / 32 * 4;
        int dataOffset = 14 + headerSize + masksAfter + palette.Count * entrySize;
        var file = new byte[dataOffset + stride * h];
        var s = file.AsSpan();
        s[0] = (byte)'B'; s[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(s[2..], file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(s[10..], dataOffset);
        BinaryPrimitives.WriteInt32LittleEndian(s[14..], headerSize);
        if (headerSize == 12)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[18..], (ushort)w);
            BinaryPrimitives.WriteUInt16LittleEndian(s[20..], (ushort)h);
            BinaryPrimitives.WriteUInt16LittleEndian(s[22..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(s[24..], (ushort)bitCount);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(s[18..], w);
            BinaryPrimitives.WriteInt32LittleEndian(s[22..], topDown ? -h : h);
            BinaryPrimitives.WriteUInt16LittleEndian(s[26..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(s[28..], (ushort)bitCount);
            BinaryPrimitives.WriteUInt32LittleEndian(s[30..], compression);
            BinaryPrimitives.WriteInt32LittleEndian(s[34..], stride * h);
            BinaryPrimitives.WriteInt32LittleEndian(s[46..], palette.Count);
            if (masks is not null)
            {
                int at = headerSize == 40 ? 54 : 54;
                for (int i = 0; i < masks.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 4 * i)..], masks[i]);
            }
            if (headerSize >= 108) BinaryPrimitives.WriteUInt32LittleEndian(s[70..], 0x73524742); // LCS_sRGB
        }
        for (int i = 0; i < palette.Count; i++)
        {
            uint c = palette[i];
            int at = 14 + headerSize + i * entrySize;
            (s[at], s[at + 1], s[at + 2]) = ((byte)(c >> 16), (byte)(c >> 8), (byte)c);
        }

        uint[] m = masks ?? (bitCount == 16 ? [0x7C00, 0x03E0, 0x001F] : [0xFF0000, 0xFF00, 0xFF]);
        for (int y = 0; y < h; y++)
        {
            var row = s.Slice(dataOffset + (topDown ? y : h - 1 - y) * stride, stride);
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                switch (bitCount)
                {
                    case <= 8:
                        int index = palette.IndexOf(Rgb(rgba, i));
                        int perByte = 8 / bitCount;
                        row[x / perByte] |= (byte)(index << (8 - bitCount * (x % perByte + 1)));
                        break;
                    case 24:
                        (row[3 * x], row[3 * x + 1], row[3 * x + 2]) = (rgba[4 * i + 2], rgba[4 * i + 1], rgba[4 * i]);
                        break;
                    default:
                        uint pixel = Fit(rgba[4 * i], m[0]) | Fit(rgba[4 * i + 1], m[1]) | Fit(rgba[4 * i + 2], m[2]);
                        // BI_RGB 32-bit without masks: the source alpha goes in the unused byte.
                        pixel |= m.Length > 3 ? Fit(rgba[4 * i + 3], m[3]) : bitCount == 32 && masks is null ? (uint)rgba[4 * i + 3] << 24 : 0;
                        if (bitCount == 32) BinaryPrimitives.WriteUInt32LittleEndian(row[(4 * x)..], pixel);
                        else BinaryPrimitives.WriteUInt16LittleEndian(row[(2 * x)..], (ushort)pixel);
                        break;
                }
            }
        }
        return file;
    }

    private static uint Rgb(byte[] rgba, int i) => (uint)(rgba[4 * i] << 16 | rgba[4 * i + 1] << 8 | rgba[4 * i + 2]);

    private static uint Fit(byte value, uint mask)
    {
        int shift = BitOperations.TrailingZeroCount(mask);
        uint max = mask >> shift;
        return (uint)(value * max / 255) << shift;
    }
}
