namespace DigitReader.Bench;

/// <summary>
/// Iteration counts and what to run. <see cref="Quick"/> cuts every count so a run takes seconds: it checks
/// the harness works, and its figures are not representative.
/// </summary>
internal sealed record BenchOptions
{
    /// <summary>Modes: "network", "sgemm", "imaging", or "all".</summary>
    public IReadOnlyList<string> Modes { get; init; } = ["network", "sgemm", "imaging"];

    /// <summary>Architectures measured in the network mode.</summary>
    public IReadOnlyList<string> Architectures { get; init; } = ["digitnet", "pytorch-example"];

    /// <summary>Few iterations: a harness check, not a measurement.</summary>
    public bool Quick { get; init; }

    /// <summary>Where the JSON report goes.</summary>
    public string JsonPath { get; init; } = "bench-results.json";

    /// <summary>Workers for the network mode (Parallelism.Workers); the SGEMM and imaging modes are single-threaded.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Training batch size, images.</summary>
    public int TrainBatch { get; init; } = 128;

    /// <summary>Large inference batch size, images.</summary>
    public int InferenceBatch { get; init; } = 256;

    public int TrainWarmupSteps => Quick ? 2 : 10;
    public int TrainSteps => Quick ? 3 : 60;
    public int LatencyWarmupRuns => Quick ? 20 : 200;
    public int LatencyRuns => Quick ? 100 : 2000;
    public int BatchWarmupRuns => Quick ? 1 : 3;
    public int BatchRuns => Quick ? 2 : 20;
    /// <summary>Minimum warm-up time, so tiered JIT has promoted the hot methods before timing starts.</summary>
    public TimeSpan MinWarmup => Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2);
    /// <summary>Time spent per SGEMM shape.</summary>
    public TimeSpan SgemmTime => Quick ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromMilliseconds(700);
    public int ImagingRuns => Quick ? 3 : 200;

    /// <summary>Timed calls go on until this much time has passed too, so each figure spans the machine's slow and fast spells.</summary>
    public TimeSpan ImagingDuration => Quick ? TimeSpan.Zero : TimeSpan.FromSeconds(3);

    public const string Usage = """
        DigitReader.Bench [--quick] [--mode network|sgemm|imaging|all]... [--arch NAME]... [--threads N] [--json PATH]
          --quick      few iterations: checks the harness, figures are NOT representative
          --mode       what to run (repeatable; default all)
          --arch       architecture for the network mode (repeatable; default digitnet and pytorch-example)
          --threads    Parallelism.Workers for the network mode (default: processor count)
          --json       where to write the JSON report (default bench-results.json)
        """;

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        List<string> modes = [], archs = [];
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick": options = options with { Quick = true }; break;
                case "--mode": modes.Add(Value()); break;
                case "--arch": archs.Add(Value()); break;
                case "--threads": options = options with { Threads = int.Parse(Value()) }; break;
                case "--json": options = options with { JsonPath = Value() }; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        foreach (var m in modes)
            if (m is not ("network" or "sgemm" or "imaging" or "all")) throw new ArgumentException($"Unknown mode {m}.");
        if (modes.Count > 0 && !modes.Contains("all")) options = options with { Modes = modes };
        if (archs.Count > 0) options = options with { Architectures = archs };
        return options;
    }
}
