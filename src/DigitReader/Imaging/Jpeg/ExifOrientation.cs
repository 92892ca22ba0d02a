using System.Buffers.Binary;

namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Reads the Orientation tag (0x0112) from IFD0 of an EXIF APP1 segment (EXIF 2.3 §4.5.4, §4.6.4;
/// TIFF 6.0 §2 for the header and IFD layout). Every offset is checked against the segment, so a
/// damaged or hostile EXIF block yields "no orientation" rather than an exception.
/// </summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3, TypeLong = 4;

    /// <summary>
    /// Returns the orientation, 1–8 (1 = upright, the default when the segment is not EXIF, is damaged,
    /// or holds no valid tag).
    /// </summary>
    /// <param name="app1">The APP1 segment body after the length: "Exif\0\0" then a TIFF header.</param>
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (!app1.StartsWith("Exif\0\0"u8)) return 1;
        var tiff = app1[6..];
        if (tiff.Length < 8) return 1;
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I') little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M') little = false;
        else return 1;
        if (U16(tiff, 2, little) != 42) return 1;

        long ifd = U32(tiff, 4, little);
        if (ifd < 8 || ifd + 2 > tiff.Length) return 1;
        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length) return 1;
            int e = (int)entry;
            if (U16(tiff, e, little) != OrientationTag) continue;
            int type = U16(tiff, e + 2, little);
            if (U32(tiff, e + 4, little) != 1) return 1;
            // A single SHORT sits left-justified in the 4-byte value field (TIFF 6.0 §2, "Value Offset").
            long value = type switch
            {
                TypeShort => U16(tiff, e + 8, little),
                TypeLong => U32(tiff, e + 8, little),
                _ => 0,
            };
            return value is >= 1 and <= 8 ? (int)value : 1;
        }
        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(at, 2)) : BinaryPrimitives.ReadUInt16BigEndian(s.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at, 4)) : BinaryPrimitives.ReadUInt32BigEndian(s.Slice(at, 4));
}
