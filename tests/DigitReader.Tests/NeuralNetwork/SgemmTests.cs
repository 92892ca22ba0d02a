using DigitReader.NeuralNetwork.Kernels;

namespace DigitReader.Tests.NeuralNetwork;

public class SgemmTests
{
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(6, 16, 8, false, false)]
    [InlineData(7, 17, 9, false, false)]
    [InlineData(32, 784, 288, false, false)]
    [InlineData(13, 300, 270, false, false)]
    [InlineData(288, 49, 32, true, false)]
    [InlineData(32, 288, 784, false, true)]
    [InlineData(37, 45, 67, true, true)]
    [InlineData(5, 33, 520, false, true)]
    [InlineData(9, 1100, 40, false, true)]
    [InlineData(7, 1030, 300, true, false)]
    public void Multiply_matches_a_double_precision_reference(int m, int n, int k, bool transA, bool transB)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        var a = RandomArray(m * k, random);
        var b = RandomArray(k * n, random);
        var c = RandomArray(m * n, random);
        var initial = (float[])c.Clone();
        foreach (bool accumulate in new[] { false, true })
        {
            initial.CopyTo(c, 0);
            Sgemm.Multiply(transA, transB, m, n, k, a, b, c, accumulate);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = accumulate ? initial[i * n + j] : 0;
                for (int p = 0; p < k; p++)
                    expected += (transA ? a[p * m + i] : a[i * k + p]) * (double)(transB ? b[j * k + p] : b[p * n + j]);
                Assert.True(Math.Abs(expected - c[i * n + j]) < 1e-4 * Math.Sqrt(k) + 1e-5, $"C[{i},{j}] = {c[i * n + j]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Leading_dimension_multiplies_a_block_of_columns()
    {
        // A is the middle 3 columns of a stored 4×8 matrix, transposed: op(A) = A[:, 2:5]ᵀ, 3×4.
        var random = new Random(5);
        var stored = RandomArray(4 * 8, random);
        var b = RandomArray(4 * 6, random);
        var c = new float[3 * 6];
        Sgemm.Multiply(true, false, 3, 6, 4, stored.AsSpan(2), b, c, accumulate: false, lda: 8);
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 6; j++)
        {
            double expected = 0;
            for (int p = 0; p < 4; p++) expected += stored[p * 8 + 2 + i] * (double)b[p * 6 + j];
            Assert.Equal(expected, c[i * 6 + j], 4);
        }
    }

    [Fact]
    public void Too_short_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 4, 4, 4, new float[15], new float[16], new float[16], false));
    }

    private static float[] RandomArray(int length, Random random)
    {
        var array = new float[length];
        for (int i = 0; i < length; i++) array[i] = random.NextSingle() * 2 - 1;
        return array;
    }
}
