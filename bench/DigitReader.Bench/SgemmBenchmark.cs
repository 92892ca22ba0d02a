using System.Diagnostics;
using DigitReader.NeuralNetwork.Kernels;

namespace DigitReader.Bench;

/// <summary>One SGEMM shape's speed: C[M×N] = op(A)[M×K]·op(B)[K×N], single-threaded.</summary>
internal sealed record SgemmResult(string Use, bool TransA, bool TransB, int M, int N, int K, int Calls, double GigaflopsPerSecond);

/// <summary>
/// Single-threaded SGEMM throughput on the shapes the two networks actually multiply (per image for
/// convolutions, per batch of 128 for linear layers); 2·M·N·K floating-point operations per call.
/// </summary>
internal static class SgemmBenchmark
{
    public static readonly (string Use, bool TransA, bool TransB, int M, int N, int K)[] Shapes =
    [
        ("digitnet conv2 fwd", false, false, 32, 784, 288),
        ("digitnet conv4 fwd", false, false, 64, 196, 576),
        ("digitnet conv4 dW", false, true, 64, 576, 196),
        ("digitnet conv4 dX", true, false, 576, 196, 64),
        ("digitnet fc1 fwd b128", false, true, 128, 256, 3136),
        ("digitnet fc1 dW b128", true, false, 256, 3136, 128),
        ("pytorch-ex conv2 fwd", false, false, 64, 576, 288),
        ("pytorch-ex fc1 fwd b128", false, true, 128, 128, 9216),
    ];

    public static List<SgemmResult> Run(BenchOptions options)
    {
        var results = new List<SgemmResult>();
        var random = new Random(3);
        foreach (var (use, ta, tb, m, n, k) in Shapes)
        {
            float[] a = Fill(m * k, random), b = Fill(k * n, random), c = new float[m * n];
            void Call() => Sgemm.Multiply(ta, tb, m, n, k, a, b, c, accumulate: false);
            for (int i = 0; i < 5; i++) Call();
            int calls = 0;
            long start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start) < options.SgemmTime || calls < 3)
            {
                Call();
                calls++;
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            results.Add(new SgemmResult(use, ta, tb, m, n, k, calls, 2.0 * m * n * k * calls / seconds / 1e9));
        }
        return results;
    }

    private static float[] Fill(int count, Random random)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = random.NextSingle() - 0.5f;
        return x;
    }
}
