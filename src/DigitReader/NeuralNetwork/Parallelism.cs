namespace DigitReader.NeuralNetwork;

/// <summary>
/// Splits a range of work items into a fixed number of contiguous chunks, one per worker. The split
/// depends only on the count, the grain and <see cref="Workers"/>, never on scheduling, so per-worker
/// partial sums added in worker order give the same result on every run. Chunks run on a persistent
/// <see cref="WorkerPool"/>; callers keep their chunk delegates in fields so a call allocates nothing.
/// Safe to call from many threads at once: while one call uses the pool, the others run their chunks
/// inline, one after another, with the same bounds and worker indices.
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

    /// <summary>
    /// Runs <paramref name="body"/>(start, end, worker) over contiguous chunks of [0, count), worker
    /// 0 … chunks − 1, where chunks = min(<see cref="Workers"/>, count / <paramref name="grain"/>) (at least 1).
    /// </summary>
    /// <param name="count">Number of work items.</param>
    /// <param name="body">The work on items [start, end) as worker <c>worker</c>; keep it in a field, as a lambda allocates per call.</param>
    /// <param name="grain">The fewest items worth a chunk of their own: below it, waking another thread costs more than it saves.</param>
    /// <exception cref="Exception">The first exception a chunk threw, after every chunk has finished.</exception>
    public static void For(int count, Action<int, int, int> body, int grain = 1)
    {
        int chunks = Chunks(count, grain);
        if (chunks <= 1)
        {
            if (count > 0) body(0, count, 0);
            return;
        }
        if (WorkerPool.TryRun(count, chunks, body)) return;
        for (int w = 0; w < chunks; w++)
            body((int)((long)count * w / chunks), (int)((long)count * (w + 1) / chunks), w);
    }

    /// <summary>The number of chunks (and workers) <see cref="For"/> uses for <paramref name="count"/> items: size per-worker buffers with it.</summary>
    public static int Chunks(int count, int grain = 1) => Math.Max(1, Math.Min(Workers, count / Math.Max(grain, 1)));
}
