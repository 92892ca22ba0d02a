using System.Diagnostics;
using DigitReader.NeuralNetwork;
using DigitReader.Training;

namespace DigitReader.Bench;

/// <summary>The figures measured for one architecture. Throughputs in images/s, latencies in µs, memory in bytes.</summary>
internal sealed record NetworkResult(
    string Architecture,
    long Parameters,
    long MultiplyAccumulatesPerImage,
    int Threads,
    int TrainBatch,
    int TrainSteps,
    double TrainImagesPerSecond,
    double TrainStepMilliseconds,
    long AllocatedBytesPerTrainStep,
    int Gen0CollectionsDuringTraining,
    int LatencyRuns,
    double Batch1MedianMicroseconds,
    double Batch1P99Microseconds,
    int InferenceBatch,
    double BatchImagesPerSecond,
    long PeakWorkingSetAfterTrainingBytes,
    long PeakWorkingSetBytes,
    IReadOnlyList<LayerAllocation> AllocationByStage);

/// <summary>Bytes allocated per training step by one stage (a layer's forward or backward, the loss, the optimizer), averaged over a few steps.</summary>
internal sealed record LayerAllocation(string Stage, long ForwardBytes, long BackwardBytes);

/// <summary>
/// Training and inference speed of one architecture on random 1×28×28 inputs (speed does not depend on
/// the values): a training step is forward (training mode) + label-smoothed cross-entropy + backward +
/// AdamW step, as in the trainer; inference is an eval-mode forward of the network alone (no
/// normalisation or softmax), the same work PyTorch's <c>model(x)</c> does.
/// </summary>
internal static class NetworkBenchmark
{
    public static NetworkResult Run(string architecture, BenchOptions options)
    {
        Parallelism.Workers = options.Threads;
        ResetPeakWorkingSet();
        var network = Architectures.Create(architecture);
        Initialization.HeNormal(network, seed: 1);
        var random = new Random(2);
        var trainInput = RandomImages(options.TrainBatch, random);
        var labels = new byte[options.TrainBatch];
        for (int i = 0; i < labels.Length; i++) labels[i] = (byte)random.Next(10);
        var optimizer = new Adam(network.NamedParameters().Select(p => p.Parameter).ToList(), weightDecay: 0.05f, decoupled: true);
        var loss = new CrossEntropyLoss(labelSmoothing: 0.1f);

        void TrainStep()
        {
            var logits = network.Forward(trainInput, training: true);
            loss.Forward(logits, labels);
            network.Backward(loss.Gradient);
            optimizer.Step(1e-3f);
        }

        WarmUp(TrainStep, options.TrainWarmupSteps, options.MinWarmup);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0Before = GC.CollectionCount(0);
        long start = Stopwatch.GetTimestamp();
        for (int s = 0; s < options.TrainSteps; s++) TrainStep();
        double trainSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocatedPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / options.TrainSteps;
        int gen0 = GC.CollectionCount(0) - gen0Before;
        long peakAfterTraining = Process.GetCurrentProcess().PeakWorkingSet64;
        var allocationByStage = AllocationByStage(network, trainInput, labels, loss, optimizer, steps: options.Quick ? 1 : 3);

        // Batch 1: per-call latency, the figure an interactive user feels.
        var single = RandomImages(1, random);
        WarmUp(() => network.Forward(single, training: false), options.LatencyWarmupRuns, options.MinWarmup / 2);
        var latencies = new double[options.LatencyRuns];
        for (int r = 0; r < latencies.Length; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            network.Forward(single, training: false);
            latencies[r] = LatencyStatistics.Microseconds(Stopwatch.GetTimestamp() - t0);
        }

        // Large batch: throughput of bulk evaluation.
        var batch = RandomImages(options.InferenceBatch, random);
        WarmUp(() => network.Forward(batch, training: false), options.BatchWarmupRuns, options.MinWarmup / 2);
        start = Stopwatch.GetTimestamp();
        for (int r = 0; r < options.BatchRuns; r++) network.Forward(batch, training: false);
        double batchSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        return new NetworkResult(
            architecture, network.ParameterCount, network.MultiplyAccumulates([1, 28, 28]), Parallelism.Workers,
            options.TrainBatch, options.TrainSteps,
            options.TrainSteps * options.TrainBatch / trainSeconds, trainSeconds * 1000 / options.TrainSteps,
            allocatedPerStep, gen0,
            options.LatencyRuns, LatencyStatistics.Quantile(latencies, 0.5), LatencyStatistics.Quantile(latencies, 0.99),
            options.InferenceBatch, options.BatchRuns * options.InferenceBatch / batchSeconds,
            peakAfterTraining, Process.GetCurrentProcess().PeakWorkingSet64, allocationByStage);
    }

    /// <summary>
    /// Where a training step's allocations come from: the step run layer by layer with
    /// <c>GC.GetTotalAllocatedBytes(precise: true)</c> (all threads) read around each stage. Only stages
    /// that allocate are listed.
    /// </summary>
    private static List<LayerAllocation> AllocationByStage(Sequential network, Tensor input, byte[] labels, CrossEntropyLoss loss, Optimizer optimizer, int steps)
    {
        var layers = network.Layers;
        long[] forward = new long[layers.Count + 2], backward = new long[layers.Count + 2];
        static long Now() => GC.GetTotalAllocatedBytes(precise: true);
        for (int s = 0; s < steps; s++)
        {
            var x = input;
            for (int i = 0; i < layers.Count; i++)
            {
                long t = Now();
                x = layers[i].Forward(x, training: true);
                forward[i] += Now() - t;
            }
            long l = Now();
            loss.Forward(x, labels);
            forward[layers.Count] += Now() - l;
            var g = loss.Gradient;
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                long t = Now();
                g = layers[i].Backward(g);
                backward[i] += Now() - t;
            }
            long o = Now();
            optimizer.Step(1e-3f);
            forward[layers.Count + 1] += Now() - o;
        }
        var result = new List<LayerAllocation>();
        for (int i = 0; i < forward.Length; i++)
        {
            if (forward[i] == 0 && backward[i] == 0) continue;
            string stage = i < layers.Count ? $"{i}.{layers[i].Spec.Type}" : i == layers.Count ? "loss" : "optimizer";
            result.Add(new LayerAllocation(stage, forward[i] / steps, backward[i] / steps));
        }
        return result;
    }

    /// <summary>Runs <paramref name="action"/> at least <paramref name="runs"/> times and for at least <paramref name="minimum"/>, so tiered JIT reaches its optimised code.</summary>
    private static void WarmUp(Action action, int runs, TimeSpan minimum)
    {
        long start = Stopwatch.GetTimestamp();
        for (int r = 0; r < runs || Stopwatch.GetElapsedTime(start) < minimum; r++) action();
    }

    /// <summary>Images with roughly MNIST-normalised statistics: (U(0,1) − 0.13)/0.31.</summary>
    private static Tensor RandomImages(int n, Random random)
    {
        var t = new Tensor(n, 1, 28, 28);
        for (int i = 0; i < t.Length; i++) t.Data[i] = (random.NextSingle() - 0.13f) / 0.31f;
        return t;
    }

    /// <summary>
    /// Frees the previous architecture's buffers and, on Linux, resets the kernel's peak-RSS mark
    /// (VmHWM, what PeakWorkingSet64 reads) so each architecture's peak is its own, not a running maximum.
    /// </summary>
    private static void ResetPeakWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not Linux: the peak is cumulative */ }
    }
}
