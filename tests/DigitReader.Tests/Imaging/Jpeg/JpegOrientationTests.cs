using System.Buffers.Binary;
using DigitReader.Imaging;
using DigitReader.Imaging.Jpeg;
using Xunit;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>EXIF Orientation (tag 0x0112) is applied so the decoded image stands upright.</summary>
public sealed class JpegOrientationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("digitreader-jpeg-orient-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A grey 40×24 cjpeg image; not square and not symmetric, so every orientation is distinguishable.</summary>
    private byte[] Upright()
    {
        string pgm = Path.Combine(_directory, "upright.pgm");
        File.WriteAllBytes(pgm, JpegTools.Pnm(40, 24, JpegTools.Paper(40, 24, seed: 5, color: false), color: false));
        return JpegTools.Run(JpegTools.Cjpeg, "-grayscale", "-quality", "95", pgm);
    }

    /// <summary>An APP1 EXIF segment (marker included) whose IFD0 holds a Make tag then Orientation.</summary>
    internal static byte[] ExifSegment(int orientation, bool littleEndian)
    {
        var tiff = new byte[8 + 2 + 2 * 12 + 4];
        void U16(int at, int v) { if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)v); else BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)v); }
        void U32(int at, uint v) { if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), v); else BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), v); }
        tiff[0] = tiff[1] = (byte)(littleEndian ? 'I' : 'M');
        U16(2, 42);
        U32(4, 8);
        U16(8, 2);
        U16(10, 0x010F); U16(12, 2); U32(14, 4); "ACM\0"u8.CopyTo(tiff.AsSpan(18));  // Make, ASCII, inline
        U16(22, 0x0112); U16(24, 3); U32(26, 1); U16(30, orientation);                // Orientation, SHORT
        U32(34, 0);
        byte[] body = [.. "Exif\0\0"u8, .. tiff];
        return [0xFF, 0xE1, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2), .. body];
    }

    internal static byte[] WithSegmentAfterSoi(byte[] jpeg, byte[] segment) => [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];

    public static TheoryData<int> Orientations => new(1, 2, 3, 4, 5, 6, 7, 8);

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Orientation_matches_ImageMagick_auto_orient(int orientation)
    {
        var tagged = WithSegmentAfterSoi(Upright(), ExifSegment(orientation, littleEndian: orientation % 2 == 0));
        string path = Path.Combine(_directory, $"o{orientation}.jpg");
        File.WriteAllBytes(path, tagged);

        var ours = JpegDecoder.Decode(tagged, DecodeLimits.Default).ToGray();
        var (w, h, channels, samples) = JpegTools.ParsePnm(JpegTools.Run(JpegTools.Convert, path, "-auto-orient", "pgm:-"));

        Assert.Equal((w, h), (ours.Width, ours.Height));
        Assert.Equal(orientation >= 5 ? (24, 40) : (40, 24), (ours.Width, ours.Height));
        var expected = JpegTools.Luma(channels, samples);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - ours.Pixels[i]) <= 2,
                $"orientation {orientation}: pixel ({i % w}, {i / w}) is {ours.Pixels[i]}, ImageMagick says {expected[i]}");
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Orientation_moves_each_pixel_exactly(int orientation)
    {
        var plain = Upright();
        var upright = JpegDecoder.Decode(plain, DecodeLimits.Default).ToGray();
        // Turned by the grayscale path (a grey JPEG's Y plane is its luma exactly), checked against the RGBA path's upright image.
        var turned = JpegDecoder.DecodeGray(WithSegmentAfterSoi(plain, ExifSegment(orientation, littleEndian: orientation % 2 == 1)), DecodeLimits.Default);
        int w = upright.Width, h = upright.Height;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            // Where EXIF 2.3 §4.6.4 says stored pixel (x, y) is displayed.
            (int dx, int dy) = orientation switch
            {
                1 => (x, y),
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (h - 1 - y, x),
                7 => (h - 1 - y, w - 1 - x),
                _ => (y, w - 1 - x),
            };
            Assert.Equal(upright[x, y], turned[dx, dy]);
        }
    }

    [Fact]
    public void Orientation_is_read_in_both_byte_orders()
    {
        for (int v = 1; v <= 8; v++)
        {
            Assert.Equal(v, ExifOrientation.Read(ExifSegment(v, littleEndian: true).AsSpan(4)));
            Assert.Equal(v, ExifOrientation.Read(ExifSegment(v, littleEndian: false).AsSpan(4)));
        }
    }

    [Fact]
    public void Out_of_range_orientation_values_mean_upright()
    {
        Assert.Equal(1, ExifOrientation.Read(ExifSegment(0, true).AsSpan(4)));
        Assert.Equal(1, ExifOrientation.Read(ExifSegment(9, false).AsSpan(4)));
        Assert.Equal(1, ExifOrientation.Read(ExifSegment(0xFFFF, true).AsSpan(4)));
    }

    [Fact]
    public void Damaged_exif_is_ignored_without_exceptions()
    {
        var body = ExifSegment(6, littleEndian: true).AsSpan(4).ToArray();
        // Every truncation: either the tag survives whole or the answer is "upright".
        for (int length = 0; length < body.Length; length++)
        {
            int value = ExifOrientation.Read(body.AsSpan(0, length));
            Assert.True(value == 1 || (value == 6 && length >= 6 + 34), $"length {length} gave {value}");
        }
        // Hostile offsets and counts.
        var hostile = (byte[])body.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(hostile.AsSpan(6 + 4), 0xFFFFFFF0);
        Assert.Equal(1, ExifOrientation.Read(hostile));
        hostile = (byte[])body.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(hostile.AsSpan(6 + 8), 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(hostile.AsSpan(6 + 10 + 12), 0x0001);  // hide the real tag
        Assert.Equal(1, ExifOrientation.Read(hostile));
        // Random damage never throws and never yields anything but 1–8.
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            var damaged = (byte[])body.Clone();
            for (int k = 0; k < 3; k++) damaged[6 + random.Next(damaged.Length - 6)] = (byte)random.Next(256);
            Assert.InRange(ExifOrientation.Read(damaged), 1, 8);
        }
    }

    [Fact]
    public void A_damaged_exif_segment_does_not_stop_the_image_decoding()
    {
        var segment = ExifSegment(6, true);
        BinaryPrimitives.WriteUInt32LittleEndian(segment.AsSpan(4 + 6 + 4), 0x7FFFFFFF);  // IFD0 far outside
        var image = JpegDecoder.Decode(WithSegmentAfterSoi(Upright(), segment), DecodeLimits.Default);
        Assert.Equal((40, 24), (image.Width, image.Height));
    }
}
