using System.Collections.Concurrent;
using DigitReader.NeuralNetwork;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>
/// The worker pool behind <see cref="Parallelism.For"/> is shared by every caller in the process (the web
/// app runs many requests at once), so it must give each call exactly its fixed chunks, survive concurrent
/// and nested callers, and never deadlock. The tests use the default worker count (the processor count):
/// setting <see cref="Parallelism.Workers"/> would race with other test classes.
/// </summary>
public class ParallelismTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Concurrent_callers_each_get_every_chunk_once_with_its_fixed_bounds()
    {
        const int threads = 8, calls = 300;
        var failures = new ConcurrentQueue<string>();
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (int call = 0; call < calls; call++)
            {
                int count = 5 + (t * calls + call) % 97;
                int chunks = Parallelism.Chunks(count);
                var seen = new int[chunks * 2];
                int[] runs = new int[chunks];
                Parallelism.For(count, (start, end, worker) =>
                {
                    Interlocked.Increment(ref runs[worker]);
                    seen[2 * worker] = start;
                    seen[2 * worker + 1] = end;
                    Thread.SpinWait(50);
                });
                for (int w = 0; w < chunks; w++)
                {
                    long start = (long)count * w / chunks, end = (long)count * (w + 1) / chunks;
                    if (runs[w] != 1 || seen[2 * w] != start || seen[2 * w + 1] != end)
                        failures.Enqueue($"count {count} chunk {w}: ran {runs[w]} times over [{seen[2 * w]}, {seen[2 * w + 1]}), expected once over [{start}, {end})");
                }
            }
        })).ToArray();
        // WaitAsync throws TimeoutException if the callers deadlock.
        await Task.WhenAll(tasks).WaitAsync(Deadline);
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_call_from_inside_a_chunk_runs_instead_of_waiting_for_the_busy_pool()
    {
        int inner = 0;
        var task = Task.Run(() => Parallelism.For(4, (start, end, _) =>
        {
            for (int i = start; i < end; i++)
                Parallelism.For(10, (s, e, _) => Interlocked.Add(ref inner, e - s));
        }));
        await task.WaitAsync(Deadline);
        Assert.Equal(40, inner);
    }

    [Fact]
    public void An_exception_in_a_chunk_reaches_the_caller_after_all_chunks_finish_and_the_pool_still_works()
    {
        int finished = 0;
        var error = Assert.Throws<InvalidOperationException>(() => Parallelism.For(8, (start, end, worker) =>
        {
            if (worker == Parallelism.Chunks(8) - 1) throw new InvalidOperationException("chunk failed");
            Interlocked.Add(ref finished, end - start);
        }));
        Assert.Equal("chunk failed", error.Message);
        int chunks = Parallelism.Chunks(8);
        Assert.Equal(8 * (chunks - 1) / chunks, finished);
        int total = 0;
        Parallelism.For(100, (start, end, _) => Interlocked.Add(ref total, end - start));
        Assert.Equal(100, total);
    }

    [Theory]
    [InlineData("digitnet")]
    [InlineData("pytorch-example")]
    public async Task Models_used_from_many_threads_at_once_give_the_single_threaded_answers(string architecture)
    {
        var network = Architectures.Create(architecture);
        Initialization.HeNormal(network, seed: 5);
        var prototype = new DigitModel(network, new ModelInfo { Architecture = architecture, Layers = network.Specs });
        var random = new Random(6);
        var inputs = new float[6][];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new float[(i % 3 + 1) * 784];
            for (int j = 0; j < inputs[i].Length; j++) inputs[i][j] = random.NextSingle();
        }
        var expected = inputs.Select(x => prototype.Copy().Predict(x)).ToArray();
        var failures = new ConcurrentQueue<string>();
        var tasks = Enumerable.Range(0, 6).Select(t => Task.Run(() =>
        {
            // One model per thread, as DigitRecognizer rents them; the pool behind them is shared.
            var model = prototype.Copy();
            for (int r = 0; r < 20; r++)
            {
                int i = (t + r) % inputs.Length;
                var p = model.Predict(inputs[i]);
                if (!p.AsSpan().SequenceEqual(expected[i])) failures.Enqueue($"thread {t} run {r} input {i} differs");
            }
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(Deadline);
        Assert.Empty(failures);
    }
}
