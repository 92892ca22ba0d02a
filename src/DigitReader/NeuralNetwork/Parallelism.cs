namespace DigitReader.NeuralNetwork;

/// <summary>
/// Splits a range of work items into a fixed number of contiguous chunks, one per worker. The split
/// depends only on the count and <see cref="Workers"/>, never on scheduling, so per-worker partial sums
/// added in worker order give the same result on every run.
/// </summary>
public static class Parallelism
{
    private static int workers = Environment.ProcessorCount;

    /// <summary>Number of workers (default: the processor count). 1 makes every computation single-threaded and bit-exact.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public static int Workers
    {
        get => workers;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            workers = value;
        }
    }

    /// <summary>Runs <paramref name="body"/>(start, end, worker) over contiguous chunks of [0, count).</summary>
    public static void For(int count, Action<int, int, int> body)
    {
        int chunks = Math.Min(Workers, count);
        if (chunks <= 1)
        {
            if (count > 0) body(0, count, 0);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, w =>
        {
            long start = (long)count * w / chunks, end = (long)count * (w + 1) / chunks;
            body((int)start, (int)end, w);
        });
    }
}
