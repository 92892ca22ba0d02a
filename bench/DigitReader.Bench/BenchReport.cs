using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DigitReader.Bench;

/// <summary>Everything one run measured, with enough context (machine, runtime, whether it was a quick run) to read it later.</summary>
internal sealed record BenchReport
{
    public string Engine { get; init; } = "digitreader";
    public bool Quick { get; init; }
    public string Note { get; init; } = "";
    public string Machine { get; init; } = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}";
    public string Runtime { get; init; } = RuntimeInformation.FrameworkDescription;
    public string Timestamp { get; init; } = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
    public List<NetworkResult> Networks { get; init; } = [];
    public List<SgemmResult> Sgemm { get; init; } = [];
    public List<ImagingResult> Imaging { get; init; } = [];
    public List<string> Errors { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void WriteJson(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
    }

    /// <summary>The human-readable tables.</summary>
    public void WriteTables(TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine($"DigitReader bench — {Machine}; {Runtime}");
        if (Quick) w.WriteLine("QUICK RUN: few iterations, figures are NOT representative.");
        if (Networks.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Networks (training: fwd+bwd+AdamW, batch {0}; inference: eval-mode forward)", Networks[0].TrainBatch);
            w.WriteLine("{0,-16} {1,9} {2,8} {3,11} {4,9} {5,13} {6,10} {7,10} {8,12} {9,10} {10,8}",
                "architecture", "params", "threads", "train img/s", "step ms", "alloc B/step", "b1 med µs", "b1 p99 µs", "b256 img/s", "peak MB", "(train)");
            foreach (var r in Networks)
                w.WriteLine(string.Format(inv, "{0,-16} {1,9:N0} {2,8} {3,11:F0} {4,9:F1} {5,13:N0} {6,10:F0} {7,10:F0} {8,12:F0} {9,10:F0} {10,8:F0}",
                    r.Architecture, r.Parameters, r.Threads, r.TrainImagesPerSecond, r.TrainStepMilliseconds, r.AllocatedBytesPerTrainStep,
                    r.Batch1MedianMicroseconds, r.Batch1P99Microseconds, r.BatchImagesPerSecond, r.PeakWorkingSetBytes / 1048576.0, r.PeakWorkingSetAfterTrainingBytes / 1048576.0));
            foreach (var r in Networks.Where(r => r.AllocationByStage.Count > 0))
                w.WriteLine($"  {r.Architecture} allocations per training step by stage (fwd/bwd bytes): " +
                    string.Join(", ", r.AllocationByStage.Select(a => $"{a.Stage} {a.ForwardBytes:N0}/{a.BackwardBytes:N0}")));
        }
        if (Sgemm.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("SGEMM, single thread: C[M×N] = op(A)·op(B), 2·M·N·K flops per call");
            w.WriteLine("{0,-24} {1,-5} {2,6} {3,6} {4,6} {5,9}", "use", "op", "M", "N", "K", "GFLOP/s");
            foreach (var s in Sgemm)
                w.WriteLine(string.Format(inv, "{0,-24} {1,-5} {2,6} {3,6} {4,6} {5,9:F1}",
                    s.Use, (s.TransA ? "T" : "N") + (s.TransB ? "T" : "N"), s.M, s.N, s.K, s.GigaflopsPerSecond));
        }
        if (Imaging.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Image pipeline, one core: decode → gray, then MnistNormaliser (median ms, and in brackets the 10th percentile: the fastest tenth of the calls)");
            foreach (var i in Imaging)
            {
                string decode = i.Decode?.ToString() ?? "FAILED";
                string norm = i.Normalise?.ToString() ?? "FAILED";
                string total = i.Total is { } t ? $"{t}, {i.MegapixelsPerSecond!.Value.ToString("F1", inv)} MP/s" : "n/a";
                w.WriteLine($"{i.Name,-16} {i.Width}×{i.Height} {i.FileBytes,9:N0} B  {i.Runs,6:N0} runs  decode {decode,-17} normalise {norm,-17}{(i.NormalisedSyntheticGray ? " (on a gray made by the bench)" : "")}  total {total}");
                if (i.Inflate is { } z) w.WriteLine($"    of the decode, the inflate step alone (IDAT gathered, zlib): {z}");
                if (i.DecodeError is not null) w.WriteLine($"    decode error: {i.DecodeError}");
                if (i.NormaliseError is not null) w.WriteLine($"    normalise error: {i.NormaliseError}");
            }
        }
        foreach (var e in Errors) w.WriteLine($"ERROR: {e}");
    }
}
