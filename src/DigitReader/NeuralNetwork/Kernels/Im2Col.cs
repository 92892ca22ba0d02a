namespace DigitReader.NeuralNetwork.Kernels;

/// <summary>
/// Rearranges one image's receptive fields into a matrix so a convolution becomes a matrix multiply:
/// row <c>(c·K + ky)·K + kx</c>, column <c>oy·W_out + ox</c> holds input pixel
/// <c>(c, oy·stride + ky − padding, ox·stride + kx − padding)</c>, or 0 outside the image.
/// The matrix is <c>[C·K·K, H_out·W_out]</c>, row-major.
/// </summary>
public static class Im2Col
{
    /// <summary>Fills <paramref name="columns"/> from a <c>[C, H, W]</c> image.</summary>
    public static void Expand(ReadOnlySpan<float> image, int channels, int height, int width, int kernel, int stride, int padding,
        int outHeight, int outWidth, Span<float> columns)
    {
        int hw = outHeight * outWidth;
        for (int c = 0; c < channels; c++)
        for (int ky = 0; ky < kernel; ky++)
        for (int kx = 0; kx < kernel; kx++)
        {
            var row = columns.Slice(((c * kernel + ky) * kernel + kx) * hw, hw);
            for (int oy = 0; oy < outHeight; oy++)
            {
                var dst = row.Slice(oy * outWidth, outWidth);
                int iy = oy * stride + ky - padding;
                if ((uint)iy >= (uint)height)
                {
                    dst.Clear();
                    continue;
                }
                var src = image.Slice((c * height + iy) * width, width);
                if (stride == 1)
                {
                    // Valid output columns are those whose input column ox + kx − padding lies inside the row.
                    int lo = Math.Clamp(padding - kx, 0, outWidth), hi = Math.Clamp(width + padding - kx, lo, outWidth);
                    dst[..lo].Clear();
                    src.Slice(lo + kx - padding, hi - lo).CopyTo(dst[lo..hi]);
                    dst[hi..].Clear();
                }
                else
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int ix = ox * stride + kx - padding;
                        dst[ox] = (uint)ix < (uint)width ? src[ix] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Expand"/>: sums each column entry back onto its input pixel, overwriting <paramref name="image"/>.</summary>
    public static void Collapse(ReadOnlySpan<float> columns, int channels, int height, int width, int kernel, int stride, int padding,
        int outHeight, int outWidth, Span<float> image)
    {
        image[..(channels * height * width)].Clear();
        int hw = outHeight * outWidth;
        for (int c = 0; c < channels; c++)
        for (int ky = 0; ky < kernel; ky++)
        for (int kx = 0; kx < kernel; kx++)
        {
            var row = columns.Slice(((c * kernel + ky) * kernel + kx) * hw, hw);
            for (int oy = 0; oy < outHeight; oy++)
            {
                int iy = oy * stride + ky - padding;
                if ((uint)iy >= (uint)height) continue;
                var src = row.Slice(oy * outWidth, outWidth);
                var dst = image.Slice((c * height + iy) * width, width);
                if (stride == 1)
                {
                    int lo = Math.Clamp(padding - kx, 0, outWidth), hi = Math.Clamp(width + padding - kx, lo, outWidth);
                    var d = dst.Slice(lo + kx - padding, hi - lo);
                    System.Numerics.Tensors.TensorPrimitives.Add(d, src[lo..hi], d);
                }
                else
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int ix = ox * stride + kx - padding;
                        if ((uint)ix < (uint)width) dst[ix] += src[ox];
                    }
                }
            }
        }
    }
}
