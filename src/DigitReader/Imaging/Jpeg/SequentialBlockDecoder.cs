using System.Runtime.CompilerServices;

namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Decodes blocks of a sequential (baseline or extended, Huffman) scan, ITU T.81 F.2.2, straight into
/// the component planes: DC difference and prediction, AC run/size codes in zig-zag order,
/// dequantisation, IDCT.
/// </summary>
internal struct SequentialBlockDecoder : IBlockDecoder
{
    private readonly float[] _block = new float[64];
    private readonly int[] _predictions;

    public SequentialBlockDecoder(int componentCount) => _predictions = new int[componentCount];

    public void Restart() => Array.Clear(_predictions);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int blockX, int blockY)
    {
        var block = _block;
        var quant = component.Quant!;
        var ac = component.AcTable!;
        ReadOnlySpan<byte> zigZag = ZigZag.ToNatural;

        int size = reader.DecodeHuffman(component.DcTable!);
        if (size > 11) throw JpegError.Corrupt($"a DC difference of magnitude category {size}; 8-bit data allows at most 11.");
        int dc = _predictions[component.Index] += reader.ReceiveExtend(size);
        block[0] = dc * quant[0];

        int last = 0;
        for (int k = 1; k < 64; k++)
        {
            int fast = reader.DecodeFastAc(ac);
            if (fast != 0)
            {
                k += (fast >> 4) & 15;
                if (k > 63) throw JpegError.Corrupt("an AC run passes the end of a block.");
                int zf = zigZag[k];
                block[zf] = (fast >> 8) * quant[zf];
                last = k;
                continue;
            }
            int rs = reader.DecodeHuffman(ac);
            int run = rs >> 4;
            size = rs & 15;
            if (size == 0)
            {
                if (run != 15) break;  // EOB
                k += 15;               // ZRL: sixteen zeros
                continue;
            }
            k += run;
            if (k > 63) throw JpegError.Corrupt("an AC run passes the end of a block.");
            int z = zigZag[k];
            block[z] = reader.ReceiveExtend(size) * quant[z];
            last = k;
        }

        var plane = component.Plane;
        int stride = component.Stride;
        int offset = blockY * 8 * stride + blockX * 8;
        if (last > 0)
        {
            int rows = ZigZag.RowsThrough[last];
            Idct.Transform(block, rows, plane, offset, stride);
            block.AsSpan(0, rows * 8).Clear();
        }
        else
        {
            Idct.FillDc(block[0], plane, offset, stride);
            block[0] = 0;
        }
    }
}
