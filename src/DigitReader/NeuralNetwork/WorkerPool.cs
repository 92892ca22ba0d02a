using System.Runtime.ExceptionServices;

namespace DigitReader.NeuralNetwork;

/// <summary>
/// Persistent background threads that run the chunks of one <see cref="Parallelism.For"/> call at a time.
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> costs a closure, a state object and a task per call, which at
/// batch 1 (a dozen calls of tens of microseconds each) costs more than the work; here a call costs a
/// semaphore release and a few interlocked operations, and allocates nothing.
/// <para>
/// The caller owns the pool for the duration of the call, publishes the job, and claims chunks itself
/// alongside the woken workers, so a worker that wakes late simply finds nothing left. Only one caller
/// owns the pool at a time: a concurrent caller (another request of a web app, or a nested call from
/// inside a chunk) is told the pool is busy and runs its chunks inline, so nobody ever waits for another
/// caller's work and no call can deadlock. Which thread runs a chunk never changes its bounds or its
/// worker index, so results do not depend on it.
/// </para>
/// </summary>
internal static class WorkerPool
{
    /// <summary>Chunks per call the packed cursor can count.</summary>
    public const int MaxChunks = 0x7FFF;

    // The job's cursor in one word, so a chunk is claimed with one compare-exchange that also proves the
    // job is still the one read: bits 0–15 the next unclaimed chunk, 16–31 the chunk count, 32–63 a
    // generation that changes with every call. A stale worker therefore never claims a chunk of a job it
    // did not read.
    private static long cursor;
    private static int completed;
    private static int owned;
    private static int count;
    private static Action<int, int, int>? body;
    private static Exception? failure;
    private static int threadCount;
    private static readonly Lock threadsLock = new();
    private static readonly SemaphoreSlim wake = new(0, int.MaxValue);

    /// <summary>Background threads started so far (they are started on demand and never stop).</summary>
    public static int Threads => Volatile.Read(ref threadCount);

    /// <summary>
    /// Runs chunk w = 0 … <paramref name="chunks"/> − 1 of [0, <paramref name="count"/>) as
    /// <paramref name="chunkBody"/>(start, end, w) on the calling thread and up to chunks − 1 workers,
    /// returning when all are done. Returns false, having run nothing, when another call owns the pool.
    /// </summary>
    /// <exception cref="Exception">The first exception a chunk threw, rethrown after every chunk has finished.</exception>
    public static bool TryRun(int count, int chunks, Action<int, int, int> chunkBody)
    {
        if (chunks > MaxChunks || Interlocked.CompareExchange(ref owned, 1, 0) != 0) return false;
        try
        {
            EnsureThreads(chunks - 1);
            WorkerPool.count = count;
            body = chunkBody;
            failure = null;
            completed = 0;
            long generation = (Volatile.Read(ref cursor) >>> 32) + 1;
            // The interlocked write publishes the fields above before any worker can claim a chunk.
            Interlocked.Exchange(ref cursor, (generation << 32) | ((long)chunks << 16));
            wake.Release(chunks - 1);
            RunChunks();
            var spin = new SpinWait();
            // Never Sleep(1): the remaining chunks are running on other threads and take microseconds.
            while (Volatile.Read(ref completed) < chunks) spin.SpinOnce(sleep1Threshold: -1);
            if (failure is { } e) ExceptionDispatchInfo.Throw(e);
            return true;
        }
        finally
        {
            body = null;
            Volatile.Write(ref owned, 0);
        }
    }

    /// <summary>Claims and runs chunks of the current job until none is left unclaimed.</summary>
    private static void RunChunks()
    {
        while (true)
        {
            long current = Volatile.Read(ref cursor);
            int next = (int)(current & 0xFFFF), chunks = (int)((current >> 16) & 0xFFFF);
            if (next >= chunks) return;
            if (Interlocked.CompareExchange(ref cursor, current + 1, current) != current) continue;
            // The claimed chunk keeps the job alive (the owner waits for it), so these fields are its own.
            int n = count;
            try
            {
                body!((int)((long)n * next / chunks), (int)((long)n * (next + 1) / chunks), next);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
            Interlocked.Increment(ref completed);
        }
    }

    private static void EnsureThreads(int wanted)
    {
        if (Volatile.Read(ref threadCount) >= wanted) return;
        lock (threadsLock)
        {
            while (threadCount < wanted)
            {
                new Thread(Work) { IsBackground = true, Name = $"DigitReader worker {threadCount + 1}" }.Start();
                Volatile.Write(ref threadCount, threadCount + 1);
            }
        }
    }

    private static void Work()
    {
        while (true)
        {
            wake.Wait();
            RunChunks();
        }
    }
}
