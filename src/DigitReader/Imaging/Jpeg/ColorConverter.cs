using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Turns the decoded component planes into an RGBA image: chroma upsampling by replication
/// (each subsampled sample covers Hmax/Hi × Vmax/Vi pixels, like djpeg -nosmooth), then colour
/// conversion in 16.16 fixed point.
/// </summary>
/// <remarks>
/// YCbCr → RGB follows JFIF 1.02: R = Y + 1.402 (Cr−128), G = Y − 0.344136 (Cb−128) − 0.714136 (Cr−128),
/// B = Y + 1.772 (Cb−128). CMYK and YCCK follow Adobe TN 5116 (APP14) as applications of libjpeg read
/// it: with an Adobe segment the stored values are inverted (255 = no ink) and R = C·K/255; without
/// one, plain CMYK is assumed and R = (255−C)(255−K)/255. No colour management is applied; the
/// result is "about right", which is all the recogniser needs.
/// </remarks>
internal static class ColorConverter
{
    private const int CrToR = 91881, CbToG = 22554, CrToG = 46802, CbToB = 116130, Half = 1 << 15;

    /// <summary>Converts the frame's planes to a <c>Width × Height</c> RGBA image with opaque alpha.</summary>
    public static RgbaImage ToRgba(JpegFrame frame, JpegColorSpace space, bool adobeInverted)
    {
        int width = frame.Width, height = frame.Height;
        var pixels = GC.AllocateUninitializedArray<byte>(width * 4 * height);  // every byte is written below
        var components = frame.Components;
        int n = components.Length;
        var buffers = new byte[n][];
        var bufferedRow = new int[n];
        for (int i = 0; i < n; i++)
        {
            buffers[i] = new byte[components[i].Stride * frame.MaxHorizontalFactor + 64];
            bufferedRow[i] = -1;
        }
        var rows = new ReadOnlyMemory<byte>[n];

        for (int y = 0; y < height; y++)
        {
            for (int i = 0; i < n; i++) rows[i] = SourceRow(frame, components[i], y, buffers[i], ref bufferedRow[i]);
            var output = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan(y * width * 4, width * 4));
            switch (space)
            {
                case JpegColorSpace.Gray: GrayRow(rows[0].Span, output); break;
                case JpegColorSpace.YCbCr: YCbCrRow(rows[0].Span, rows[1].Span, rows[2].Span, output); break;
                case JpegColorSpace.Rgb: RgbRow(rows[0].Span, rows[1].Span, rows[2].Span, output); break;
                default: CmykRow(rows, output, space == JpegColorSpace.Ycck, adobeInverted); break;
            }
        }
        return new RgbaImage(width, height, pixels);
    }

    /// <summary>
    /// The luma plane as a <c>Width × Height</c> grayscale image, for grayscale and YCbCr frames: Y is the
    /// BT.601 luma of the JFIF colour (JFIF 1.02 §7), so no colour conversion is needed, nor its clamping.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is in another colour space.</exception>
    public static GrayImage ToGray(JpegFrame frame, JpegColorSpace space)
    {
        if (space is not (JpegColorSpace.Gray or JpegColorSpace.YCbCr)) throw new ArgumentException($"A {space} frame has no luma plane.", nameof(space));
        int width = frame.Width, height = frame.Height;
        var pixels = GC.AllocateUninitializedArray<byte>(width * height); // every byte is written below
        var luma = frame.Components[0];
        var buffer = new byte[luma.Stride * frame.MaxHorizontalFactor + 64];
        int bufferedRow = -1;
        for (int y = 0; y < height; y++)
            SourceRow(frame, luma, y, buffer, ref bufferedRow).Span[..width].CopyTo(pixels.AsSpan(y * width, width));
        return new GrayImage(width, height, pixels);
    }

    /// <summary>The component's samples for image row <paramref name="y"/>, stretched to full width when subsampled.</summary>
    private static ReadOnlyMemory<byte> SourceRow(JpegFrame frame, JpegComponent c, int y, byte[] buffer, ref int bufferedRow)
    {
        int row = y / (frame.MaxVerticalFactor / c.VerticalFactor);
        int factor = frame.MaxHorizontalFactor / c.HorizontalFactor;
        int stride = c.Stride;
        if (factor == 1) return c.Plane.AsMemory(row * stride, stride);
        if (row != bufferedRow)
        {
            var source = c.Plane.AsSpan(row * stride, (frame.Width + factor - 1) / factor);
            if (factor == 2) Double(source, buffer);
            else for (int x = 0; x < source.Length * factor; x++) buffer[x] = source[x / factor];
            bufferedRow = row;
        }
        return buffer;
    }

    /// <summary>Repeats every sample twice: widening a byte to 16 bits and multiplying by 0x0101 gives the byte pair.</summary>
    private static void Double(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var wide = MemoryMarshal.Cast<byte, ushort>(target);
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x + 32 <= source.Length; x += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(source.Slice(x, 32)));
                (lo * 0x0101).CopyTo(wide.Slice(x, 16));
                (hi * 0x0101).CopyTo(wide.Slice(x + 16, 16));
            }
        }
        for (; x < source.Length; x++) wide[x] = (ushort)(source[x] * 0x0101);
    }

    private static void GrayRow(ReadOnlySpan<byte> luma, Span<uint> output)
    {
        for (int x = 0; x < output.Length; x++) output[x] = luma[x] * 0x010101u | 0xFF000000u;
    }

    private static void RgbRow(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<uint> output)
    {
        for (int x = 0; x < output.Length; x++) output[x] = r[x] | (uint)g[x] << 8 | (uint)b[x] << 16 | 0xFF000000u;
    }

    private static void YCbCrRow(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<uint> output)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var max = Vector256.Create(255);
            var alpha = Vector256.Create(unchecked((int)0xFF000000));
            for (; x + 8 <= output.Length; x += 8)
            {
                var yv = Load8(luma, x);
                var cbv = Load8(cb, x) - Vector256.Create(128);
                var crv = Load8(cr, x) - Vector256.Create(128);
                var half = Vector256.Create(Half);
                var r = yv + Vector256.ShiftRightArithmetic(crv * CrToR + half, 16);
                var g = yv + Vector256.ShiftRightArithmetic(half - cbv * CbToG - crv * CrToG, 16);
                var b = yv + Vector256.ShiftRightArithmetic(cbv * CbToB + half, 16);
                r = Vector256.Min(Vector256.Max(r, Vector256<int>.Zero), max);
                g = Vector256.Min(Vector256.Max(g, Vector256<int>.Zero), max);
                b = Vector256.Min(Vector256.Max(b, Vector256<int>.Zero), max);
                (r | (g << 8) | (b << 16) | alpha).AsUInt32().CopyTo(output.Slice(x, 8));
            }
        }
        for (; x < output.Length; x++)
        {
            int yv = luma[x], cbv = cb[x] - 128, crv = cr[x] - 128;
            int r = yv + ((crv * CrToR + Half) >> 16);
            int g = yv + ((Half - cbv * CbToG - crv * CrToG) >> 16);
            int b = yv + ((cbv * CbToB + Half) >> 16);
            output[x] = Clamp(r) | Clamp(g) << 8 | Clamp(b) << 16 | 0xFF000000u;
        }
    }

    private static Vector256<int> Load8(ReadOnlySpan<byte> source, int x)
    {
        var bytes = Vector128.CreateScalarUnsafe(BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(x, 8))).AsByte();
        return Vector256.WidenLower(Vector128.WidenLower(bytes).ToVector256Unsafe()).AsInt32();
    }

    private static void CmykRow(ReadOnlyMemory<byte>[] rows, Span<uint> output, bool ycck, bool adobeInverted)
    {
        ReadOnlySpan<byte> c0 = rows[0].Span, c1 = rows[1].Span, c2 = rows[2].Span, k = rows[3].Span;
        for (int x = 0; x < output.Length; x++)
        {
            int c, m, yy;
            if (ycck)
            {
                // YCCK codes the inverted CMY as YCbCr (libjpeg's cmyk→ycck), so undo both steps.
                int yv = c0[x], cbv = c1[x] - 128, crv = c2[x] - 128;
                c = 255 - (int)Clamp(yv + ((crv * CrToR + Half) >> 16));
                m = 255 - (int)Clamp(yv + ((Half - cbv * CbToG - crv * CrToG) >> 16));
                yy = 255 - (int)Clamp(yv + ((cbv * CbToB + Half) >> 16));
            }
            else
            {
                (c, m, yy) = (c0[x], c1[x], c2[x]);
            }
            int kk = k[x];
            if (!adobeInverted) (c, m, yy, kk) = (255 - c, 255 - m, 255 - yy, 255 - kk);
            // Now every value is "255 = no ink", so each channel is the product of paper left by ink and black.
            output[x] = Mul(c, kk) | Mul(m, kk) << 8 | Mul(yy, kk) << 16 | 0xFF000000u;
        }
    }

    private static uint Mul(int a, int b) => (uint)((a * b + 127) / 255);

    private static uint Clamp(int v) => (uint)Math.Clamp(v, 0, 255);
}
