using DigitReader.Bench;

// Speed and memory figures of the DigitReader engine; see bench/README.md for what each one means.
BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var report = new BenchReport
{
    Quick = options.Quick,
    Note = options.Quick ? "quick run: harness check only, figures not representative" : "",
};
if (options.Modes.Contains("network"))
    foreach (var architecture in options.Architectures)
    {
        Console.Error.WriteLine($"network: {architecture}…");
        try { report.Networks.Add(NetworkBenchmark.Run(architecture, options)); }
        catch (ArgumentException e) { report.Errors.Add($"{architecture}: {e.Message}"); }
    }
if (options.Modes.Contains("sgemm"))
{
    Console.Error.WriteLine("sgemm…");
    report.Sgemm.AddRange(SgemmBenchmark.Run(options));
}
if (options.Modes.Contains("imaging"))
{
    Console.Error.WriteLine("imaging…");
    report.Imaging.AddRange(ImagingBenchmark.Run(options));
}
report.WriteTables(Console.Out);
report.WriteJson(options.JsonPath);
Console.WriteLine();
Console.WriteLine($"JSON: {Path.GetFullPath(options.JsonPath)}");
return report.Errors.Count == 0 ? 0 : 1;
