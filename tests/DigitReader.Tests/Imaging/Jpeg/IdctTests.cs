using DigitReader.Imaging.Jpeg;
using Xunit;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>The IDCT against the T.81 A.3.3 definition evaluated in double precision.</summary>
public sealed class IdctTests
{
    private static byte[] Reference(float[] block)
    {
        var result = new byte[64];
        for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++)
        {
            double sum = 0;
            for (int v = 0; v < 8; v++)
            for (int u = 0; u < 8; u++)
            {
                double cu = u == 0 ? Math.Sqrt(0.5) : 1, cv = v == 0 ? Math.Sqrt(0.5) : 1;
                // block row = vertical frequency v, column = horizontal frequency u
                sum += cu * cv * block[v * 8 + u] * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
            }
            result[y * 8 + x] = (byte)Math.Clamp(Math.Round(sum / 4 + 128), 0, 255);
        }
        return result;
    }

    [Fact]
    public void Random_blocks_are_within_one_level_of_the_exact_transform()
    {
        var random = new Random(7);
        var output = new byte[8 * 11];  // stride 11: rows must land at offset + y·stride
        for (int trial = 0; trial < 2000; trial++)
        {
            var block = new float[64];
            int rows = 1 + random.Next(8);
            for (int i = 0; i < rows * 8; i++)
                if (random.Next(3) == 0) block[i] = random.Next(-600, 601) / (1 + i / 8);
            Idct.Transform(block, rows, output, 3, 11);
            var expected = Reference(block);
            for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                Assert.InRange(output[3 + y * 11 + x] - expected[y * 8 + x], -1, 1);
        }
    }

    [Fact]
    public void A_DC_only_block_is_flat_at_DC_over_8_plus_128()
    {
        var output = new byte[64];
        Idct.FillDc(-80, output, 0, 8);
        Assert.All(output, b => Assert.Equal(118, b));
        Idct.FillDc(2000, output, 0, 8);
        Assert.All(output, b => Assert.Equal(255, b));
        var block = new float[64];
        block[0] = -80;
        Idct.Transform(block, 1, output, 0, 8);
        Assert.All(output, b => Assert.Equal(118, b));
    }
}
