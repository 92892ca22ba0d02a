using DigitReader.Imaging;
using DigitReader.Imaging.Jpeg;
using Xunit;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>Damaged, hostile and unsupported files fail with the right reason and a readable message, promptly.</summary>
public sealed class JpegErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("digitreader-jpeg-err-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private byte[] Encode(int width, int height, bool color, params string[] options)
    {
        string source = Path.Combine(_directory, "source" + (color ? ".ppm" : ".pgm"));
        File.WriteAllBytes(source, JpegTools.Pnm(width, height, JpegTools.Paper(width, height, seed: width * 7 + height, color), color));
        return JpegTools.Run(JpegTools.Cjpeg, [.. options, source]);
    }

    /// <summary>Decodes on a worker thread so a decoder that loops forever fails the test instead of hanging it.</summary>
    private static Exception? DecodeWithDeadline(byte[] data, DecodeLimits? limits = null)
    {
        var task = Task.Run(() => JpegDecoder.Decode(data, limits ?? DecodeLimits.Default));
        // Waiting on a continuation, because Task.Wait would rethrow the decoder's exception.
        Assert.True(task.ContinueWith(_ => { }).Wait(TimeSpan.FromSeconds(20)), "the decoder did not finish within 20 s (endless loop?)");
        return task.Exception?.InnerException;
    }

    private static ImageDecodeException Fails(byte[] data, DecodeErrorReason reason, DecodeLimits? limits = null)
    {
        var error = DecodeWithDeadline(data, limits);
        var decode = Assert.IsType<ImageDecodeException>(error);
        Assert.True(decode.Reason == reason, $"expected {reason}, got {decode.Reason}: {decode.Message}");
        Assert.False(string.IsNullOrWhiteSpace(decode.Message));
        return decode;
    }

    /// <summary>Offsets of each marker segment with the given code in a well-formed file (header part only).</summary>
    private static List<(int Offset, int Length)> Segments(byte[] jpeg, byte code)
    {
        var found = new List<(int, int)>();
        int pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF && jpeg[pos + 1] != 0xDA)
        {
            int length = jpeg[pos + 2] << 8 | jpeg[pos + 3];
            if (jpeg[pos + 1] == code) found.Add((pos, length + 2));
            pos += length + 2;
        }
        if (code == 0xDA && jpeg[pos + 1] == 0xDA) found.Add((pos, (jpeg[pos + 2] << 8 | jpeg[pos + 3]) + 2));
        return found;
    }

    private static byte[] Without(byte[] jpeg, byte code)
    {
        var list = jpeg.ToList();
        foreach (var (offset, length) in Segments(jpeg, code).OrderByDescending(s => s.Offset)) list.RemoveRange(offset, length);
        return [.. list];
    }

    public static TheoryData<string> Kinds => new("baseline", "progressive", "restart");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_truncation_fails_as_Truncated_and_never_hangs(string kind)
    {
        var full = kind switch
        {
            "baseline" => Encode(48, 40, true, "-sample", "2x2"),
            "progressive" => Encode(48, 40, true, "-progressive"),
            _ => Encode(48, 40, true, "-restart", "1B"),
        };
        Assert.Null(DecodeWithDeadline(full));
        for (int length = 3; length < full.Length; length++)
        {
            var cut = full[..length];
            var error = DecodeWithDeadline(cut);
            // Without only (part of) its EOI, a sequential image is complete: the documented leniency.
            if (error is null)
            {
                Assert.True(kind != "progressive" && length >= full.Length - 2, $"a {kind} file cut to {length} of {full.Length} bytes decoded");
                continue;
            }
            var decode = Assert.IsType<ImageDecodeException>(error);
            Assert.True(decode.Reason == DecodeErrorReason.Truncated, $"cut to {length} of {full.Length}: {decode.Reason} {decode.Message}");
        }
    }

    [Fact]
    public void A_tiny_file_claiming_a_huge_image_fails_fast()
    {
        // 8000×5000 declared, data for a few blocks: must stop at the first MCU row, not decode 40 MP of padding.
        var small = Encode(16, 16, false, "-grayscale");
        var (sof, _) = Segments(small, 0xC0)[0];
        small[sof + 5] = 8000 >> 8; small[sof + 6] = 8000 & 0xFF;
        small[sof + 7] = 5000 >> 8; small[sof + 8] = 5000 & 0xFF;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Fails(small[..^2], DecodeErrorReason.Truncated);
        Assert.True(watch.ElapsedMilliseconds < 2000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Missing_Huffman_tables_are_reported()
    {
        var error = Fails(Without(Encode(32, 32, true), 0xC4), DecodeErrorReason.Corrupt);
        Assert.Contains("Huffman table", error.Message);
    }

    [Fact]
    public void Missing_quantisation_tables_are_reported()
    {
        var error = Fails(Without(Encode(32, 32, true), 0xDB), DecodeErrorReason.Corrupt);
        Assert.Contains("quantisation table", error.Message);
    }

    [Fact]
    public void A_scan_selecting_an_undefined_table_is_reported()
    {
        var jpeg = Encode(32, 32, false, "-grayscale");
        var (sos, _) = Segments(jpeg, 0xDA)[0];
        jpeg[sos + 6] = 0x33;  // Td = Ta = 3; cjpeg defines only table 0 for grey
        var error = Fails(jpeg, DecodeErrorReason.Corrupt);
        Assert.Contains("never defines", error.Message);
    }

    [Fact]
    public void Zero_width_is_an_invalid_dimension()
    {
        var jpeg = Encode(32, 32, true);
        var (sof, _) = Segments(jpeg, 0xC0)[0];
        jpeg[sof + 7] = 0; jpeg[sof + 8] = 0;
        Fails(jpeg, DecodeErrorReason.InvalidDimensions);
    }

    [Fact]
    public void Zero_height_is_an_invalid_dimension()
    {
        var jpeg = Encode(32, 32, true);
        var (sof, _) = Segments(jpeg, 0xC0)[0];
        jpeg[sof + 5] = 0; jpeg[sof + 6] = 0;
        Assert.Contains("DNL", Fails(jpeg, DecodeErrorReason.InvalidDimensions).Message);
    }

    [Fact]
    public void A_65535_square_image_is_refused_by_the_limits_before_allocation()
    {
        var jpeg = Encode(32, 32, true);
        var (sof, _) = Segments(jpeg, 0xC0)[0];
        jpeg[sof + 5] = jpeg[sof + 6] = jpeg[sof + 7] = jpeg[sof + 8] = 0xFF;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodeException>(() => JpegDecoder.Decode(jpeg, DecodeLimits.Default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(DecodeErrorReason.ImageTooLarge, error.Reason);
        Assert.True(allocated < 1_000_000, $"allocated {allocated:N0} bytes before refusing");
    }

    [Fact]
    public void The_pixel_limit_is_checked_too()
    {
        var jpeg = Encode(64, 64, true);
        Fails(jpeg, DecodeErrorReason.ImageTooLarge, new DecodeLimits { MaxPixels = 64 * 63 });
        Fails(jpeg, DecodeErrorReason.ImageTooLarge, new DecodeLimits { MaxDimension = 63 });
        Assert.Null(DecodeWithDeadline(jpeg, new DecodeLimits { MaxPixels = 64 * 64, MaxDimension = 64 }));
    }

    [Fact]
    public void Garbage_after_SOI_is_corrupt()
    {
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE];
        Assert.Contains("marker", Fails(garbage, DecodeErrorReason.Corrupt).Message);
        byte[] noMarker = [0xFF, 0xD8, 0x00, 0x11, 0x22, 0x33];
        Assert.Contains("expected a marker", Fails(noMarker, DecodeErrorReason.Corrupt).Message);
    }

    [Fact]
    public void Random_garbage_after_SOI_only_ever_gives_decode_errors()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 300; trial++)
        {
            var data = new byte[3 + random.Next(1, 400)];
            random.NextBytes(data);
            data[0] = 0xFF; data[1] = 0xD8; data[2] = 0xFF;
            Assert.IsType<ImageDecodeException>(DecodeWithDeadline(data));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Corrupted_bytes_give_decode_errors_or_an_image_never_anything_else(string kind)
    {
        var full = kind == "progressive" ? Encode(40, 32, true, "-progressive") : Encode(40, 32, true, "-restart", "1B");
        var random = new Random(kind.Length);
        for (int trial = 0; trial < 400; trial++)
        {
            var damaged = (byte[])full.Clone();
            for (int k = 0; k < 1 + trial % 4; k++) damaged[2 + random.Next(damaged.Length - 2)] = (byte)random.Next(256);
            var error = DecodeWithDeadline(damaged);
            Assert.True(error is null or ImageDecodeException, $"trial {trial}: {error}");
        }
    }

    [Fact]
    public void Twelve_bit_precision_is_unsupported()
    {
        var jpeg = Encode(16, 16, false, "-grayscale");
        var (sof, _) = Segments(jpeg, 0xC0)[0];
        jpeg[sof + 1] = 0xC1;  // extended sequential, where 12-bit is legal
        jpeg[sof + 4] = 12;
        Assert.Contains("12-bit", Fails(jpeg, DecodeErrorReason.UnsupportedFeature).Message);
    }

    [Fact]
    public void Arithmetic_coding_is_unsupported()
    {
        var error = Fails(Encode(16, 16, true, "-arithmetic"), DecodeErrorReason.UnsupportedFeature);
        Assert.Contains("arithmetic", error.Message);
    }

    [Theory]
    [InlineData(0xC3, "lossless")]
    [InlineData(0xC5, "hierarchical")]
    public void Other_processes_are_unsupported(byte marker, string word)
    {
        var jpeg = Encode(16, 16, false, "-grayscale");
        var (sof, _) = Segments(jpeg, 0xC0)[0];
        jpeg[sof + 1] = marker;
        Assert.Contains(word, Fails(jpeg, DecodeErrorReason.UnsupportedFeature).Message);
    }

    [Fact]
    public void A_wrong_restart_marker_is_corrupt()
    {
        var jpeg = Encode(64, 16, false, "-grayscale", "-restart", "1B");
        var (sos, length) = Segments(jpeg, 0xDA)[0];
        int rst1 = -1;
        for (int i = sos + length; i + 1 < jpeg.Length; i++)
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xD1) { rst1 = i; break; }
        Assert.True(rst1 > 0, "cjpeg wrote no RST1");
        jpeg[rst1 + 1] = 0xD5;
        Assert.Contains("RST1", Fails(jpeg, DecodeErrorReason.Corrupt).Message);
    }

    [Fact]
    public void A_bad_Huffman_code_is_corrupt()
    {
        // A DC table with a single 1-bit code "0": any entropy data starting with a 1 bit is no code of it.
        var jpeg = Encode(16, 16, false, "-grayscale");
        var (sos, length) = Segments(jpeg, 0xDA)[0];
        var (dht, _) = Segments(jpeg, 0xC4)[0];
        Assert.Equal(0x00, jpeg[dht + 4]);  // class 0 (DC), table 0 comes first in cjpeg output
        byte[] table = [0xFF, 0xC4, 0, 20, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] entropy = [0xFF, 0x00, 0xFF, 0x00, 0xFF, 0xD9];
        byte[] damaged = [.. jpeg[..sos], .. table, .. jpeg[sos..(sos + length)], .. entropy];
        Assert.Contains("Huffman", Fails(damaged, DecodeErrorReason.Corrupt).Message);
    }

    [Fact]
    public void Endless_repeated_scans_are_refused()
    {
        // A progressive DC-first scan repeated: cheap in bytes, expensive to decode without a cap.
        var jpeg = Encode(64, 64, false, "-grayscale", "-progressive");
        var (sos, _) = Segments(jpeg, 0xDA)[0];
        int end = sos + 2;
        while (!(jpeg[end] == 0xFF && jpeg[end + 1] is not (0x00 or (>= 0xD0 and <= 0xD7)))) end++;
        var scan = jpeg[sos..end];
        var list = new List<byte>(jpeg[..sos]);
        for (int i = 0; i <= JpegDecoder.MaxScans; i++) list.AddRange(scan);
        list.AddRange(jpeg[end..]);
        Assert.Contains("scans", Fails([.. list], DecodeErrorReason.Corrupt).Message);
    }

    [Fact]
    public void A_file_without_SOI_is_corrupt()
    {
        Fails([0x00, 0x01, 0x02], DecodeErrorReason.Corrupt);
    }

    [Fact]
    public void Errors_through_ImageDecoder_keep_their_reason()
    {
        var jpeg = Encode(32, 32, true);
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)]));
        Assert.Equal(DecodeErrorReason.Truncated, error.Reason);
    }
}
