using System.Diagnostics;
using System.Globalization;
using DigitReader.Imaging;
using DigitReader.Imaging.Png;
using DigitReader.NeuralNetwork;
using DigitReader.Preprocessing;

namespace DigitReader.Bench;

/// <summary>
/// One image's pipeline timings, single core, milliseconds: the median over the runs, and the 10th
/// percentile (the fastest tenth of the calls). The machine's two cores are virtual and their speed changes
/// by up to about 1.6× from one moment to the next (a plain vector loop shows the same spread), so the median
/// says what a call costs on this machine and the 10th percentile what it costs when the core has its full
/// speed. The stages are timed apart, so each total is the sum of the two stages' medians (or 10th percentiles).
/// A stage that throws has a null time and its exception in <see cref="DecodeError"/> or <see cref="NormaliseError"/>.
/// For a PNG, <see cref="Inflate"/> is the time the decoder's own inflate step takes alone (gathering the IDAT
/// data and inflating it with zlib, <c>PngImageData.Inflate</c>), a floor under any PNG decoder that inflates
/// with <c>System.IO.Compression</c> (null for other formats).
/// </summary>
internal sealed record ImagingResult(
    string Name, string Format, int Width, int Height, long FileBytes, int Runs,
    StageTime? Decode, string? DecodeError, StageTime? Inflate,
    StageTime? Normalise, string? NormaliseError, bool NormalisedSyntheticGray,
    StageTime? Total, double? MegapixelsPerSecond);

/// <summary>A stage's time per call, milliseconds: the median call, and the 10th percentile (the fastest tenth of the calls).</summary>
internal sealed record StageTime(double Median, double P10)
{
    /// <summary>Both stages one after the other (medians added, 10th percentiles added); null when either failed.</summary>
    public static StageTime? Sum(StageTime? first, StageTime? second) =>
        first is null || second is null ? null : new StageTime(first.Median + second.Median, first.P10 + second.P10);

    /// <summary>"median (10th percentile) ms", as the bench's tables print it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Median:F2} ({P10:F2}) ms");
}

/// <summary>
/// The image pipeline's front end on one core, as <c>DigitRecognizer.Recognize</c> runs it:
/// <c>ImageDecoder.DecodeGray(bytes)</c> then <c>MnistNormaliser.Normalise(gray)</c>, on a 1-megapixel colour
/// JPEG (a phone photo of a digit) and two 200×200 RGBA PNGs: a canvas export (black strokes on plain white,
/// what the web page's drawing canvas sends) and a photo crop (the ring on noisy paper, whose noise makes
/// zlib inflate several times slower). The pictures are drawn here and encoded with ImageMagick 6
/// (<c>/usr/bin/convert</c>), or cjpeg for the JPEG when ImageMagick is missing.
/// When decoding fails the normaliser is still timed, on the same picture converted to gray here.
/// To add an image: add a line to <see cref="Images"/>.
/// </summary>
internal static class ImagingBenchmark
{
    private static readonly (string Name, string Format, int Width, int Height, bool Paper)[] Images =
    [
        ("photo-1mp.jpg", "jpeg", 1000, 1000, true),
        ("canvas-200.png", "png", 200, 200, false),
        ("paper-200.png", "png", 200, 200, true),
    ];

    public static List<ImagingResult> Run(BenchOptions options)
    {
        int savedWorkers = Parallelism.Workers;
        Parallelism.Workers = 1;
        string dir = Path.Combine(Path.GetTempPath(), $"digitreader-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var results = new List<ImagingResult>();
            foreach (var (name, format, width, height, paper) in Images)
            {
                var rgb = Draw(width, height, paper, seed: width);
                string path = Path.Combine(dir, name);
                string? encodeError = Encode(rgb, width, height, format, path, dir);
                if (encodeError is not null)
                {
                    results.Add(new ImagingResult(name, format, width, height, 0, 0, null, "could not create the test image: " + encodeError, null, null, null, false, null, null));
                    continue;
                }
                results.Add(Measure(name, format, width, height, File.ReadAllBytes(path), Gray(rgb, width, height), options));
            }
            return results;
        }
        finally
        {
            Parallelism.Workers = savedWorkers;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static ImagingResult Measure(string name, string format, int width, int height, byte[] file, GrayImage fallbackGray, BenchOptions options)
    {
        var decode = Time(() => ImageDecoder.DecodeGray(file), options);
        StageTime? inflate = null;
        if (format == "png" && decode.Result is not null)
        {
            var (firstIdat, compressedLength, scanlineBytes) = PngLayout(file);
            var scanlines = new byte[scanlineBytes];
            inflate = Time(() => { PngImageData.Inflate(file, firstIdat, compressedLength, scanlines); return scanlines; }, options).Time;
        }
        var normaliser = new MnistNormaliser();
        var source = decode.Result ?? fallbackGray;
        var normalise = Time(() => normaliser.Normalise(source), options);
        var total = StageTime.Sum(decode.Time, normalise.Time);
        return new ImagingResult(name, format, width, height, file.Length, Math.Min(decode.Runs, normalise.Runs),
            decode.Time, decode.Error, inflate, normalise.Time, normalise.Error, NormalisedSyntheticGray: decode.Result is null,
            total, total is null ? null : width * height / 1e6 / (total.Median / 1000));
    }

    /// <summary>
    /// Median and 10th-percentile time of at least <see cref="BenchOptions.ImagingRuns"/> calls, going on for
    /// <see cref="BenchOptions.ImagingDuration"/>, after at least a second of warm-up calls (so tiered JIT has
    /// promoted the hot methods, as it has in a running web app); or the first call's exception.
    /// </summary>
    private static (StageTime? Time, int Runs, string? Error, T? Result) Time<T>(Func<T> action, BenchOptions options) where T : class
    {
        T result;
        try { result = action(); }
        catch (Exception e) { return (null, 0, $"{e.GetType().Name}: {e.Message}", null); }
        var warmup = Stopwatch.StartNew();
        for (int w = 0; w < 20 || warmup.Elapsed < TimeSpan.FromSeconds(1); w++) result = action();
        var times = new List<double>();
        var timed = Stopwatch.StartNew();
        while (times.Count < options.ImagingRuns || timed.Elapsed < options.ImagingDuration)
        {
            long t0 = Stopwatch.GetTimestamp();
            result = action();
            times.Add(LatencyStatistics.Microseconds(Stopwatch.GetTimestamp() - t0) / 1000);
        }
        return (new StageTime(LatencyStatistics.Quantile(times, 0.5), LatencyStatistics.Quantile(times, 0.1)), times.Count, null, result);
    }

    /// <summary>
    /// Where a non-interlaced PNG's image data lies (first IDAT chunk, total data bytes) and how many bytes of
    /// filtered scanlines it inflates to, read with the decoder's own chunk reader and header.
    /// </summary>
    private static (int FirstIdat, int CompressedLength, int ScanlineBytes) PngLayout(byte[] png)
    {
        var reader = new PngChunkReader(png);
        PngHeader? header = null;
        int firstIdat = -1, compressedLength = 0;
        while (reader.TryReadNext(out var chunk))
        {
            if (chunk.Type == PngChunkTypes.IHDR) header = PngHeader.Parse(chunk.Data, DecodeLimits.Default);
            else if (chunk.Type == PngChunkTypes.IDAT)
            {
                if (firstIdat < 0) firstIdat = chunk.Start;
                compressedLength += chunk.Data.Length;
            }
        }
        if (header is null || header.Interlaced) throw new InvalidDataException("The bench's PNGs are non-interlaced and start with IHDR.");
        return (firstIdat, compressedLength, header.Height * (int)(1 + header.ScanlineBytes(header.Width)));
    }

    /// <summary>
    /// RGB bytes of a dark pen ring (a "0") on slightly uneven, noisy off-white paper; or, without
    /// <paramref name="paper"/>, a black anti-aliased ring on plain white, as a drawing canvas exports it.
    /// </summary>
    private static byte[] Draw(int width, int height, bool paper, int seed)
    {
        var random = new Random(seed);
        var rgb = new byte[width * height * 3];
        double cx = width / 2.0, cy = height / 2.0, rx = width * 0.22, ry = height * 0.33, stroke = 0.12;
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            double dx = (x - cx) / rx, dy = (y - cy) / ry, r = Math.Sqrt(dx * dx + dy * dy);
            double ink = Math.Clamp(1 - Math.Abs(r - 1) / stroke, 0, 1);
            int o = (y * width + x) * 3;
            if (!paper)
            {
                rgb[o] = rgb[o + 1] = rgb[o + 2] = (byte)Math.Round(255 * (1 - ink));
                continue;
            }
            double background = 225 + 20.0 * x / width - 15.0 * y / height + random.Next(-8, 9);
            double v = background * (1 - ink) + 40 * ink;
            rgb[o] = (byte)Math.Clamp(v, 0, 255);
            rgb[o + 1] = (byte)Math.Clamp(v - 4, 0, 255);
            rgb[o + 2] = (byte)Math.Clamp(v + 6 * ink, 0, 255);
        }
        return rgb;
    }

    private static GrayImage Gray(byte[] rgb, int width, int height)
    {
        var gray = new byte[width * height];
        for (int i = 0; i < gray.Length; i++) gray[i] = (byte)((299 * rgb[3 * i] + 587 * rgb[3 * i + 1] + 114 * rgb[3 * i + 2] + 500) / 1000);
        return new GrayImage(width, height, gray);
    }

    /// <summary>Writes the picture as a binary PPM and encodes it; returns null or what went wrong.</summary>
    private static string? Encode(byte[] rgb, int width, int height, string format, string path, string dir)
    {
        string ppm = Path.Combine(dir, Path.GetFileNameWithoutExtension(path) + ".ppm");
        using (var f = File.Create(ppm))
        {
            f.Write(System.Text.Encoding.ASCII.GetBytes($"P6\n{width} {height}\n255\n"));
            f.Write(rgb);
        }
        // PNG32: forces 8-bit RGBA, what a browser canvas export produces.
        string target = format == "png" ? "PNG32:" + path : path;
        string? error = RunTool("/usr/bin/convert", [ppm, "-quality", "90", target]);
        if (error is null) return null;
        if (format != "jpeg") return error;
        string? cjpegError = RunTool("/usr/bin/cjpeg", ["-quality", "90", "-outfile", path, ppm]);
        return cjpegError is null ? null : $"{error}; {cjpegError}";
    }

    private static string? RunTool(string tool, string[] arguments)
    {
        if (!File.Exists(tool)) return $"{tool} not found";
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{tool} exited with {process.ExitCode}: {stderr.Trim()}";
    }
}
