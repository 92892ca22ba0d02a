using System.Diagnostics;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Support;
using Xunit;
using Xunit.Abstractions;

namespace DigitReader.Tests.Imaging.Fuzzing;

/// <summary>
/// Mutation fuzzing of every decoder from a fixed seed: each mutated file must decode or throw
/// <see cref="ImageDecodeException"/>, within <see cref="CaseTimeLimit"/>. The case count comes from
/// DIGITREADER_FUZZ_CASES (default <see cref="DefaultCases"/>; bench/fuzz-decoders.sh --long runs 300,000).
/// Cases run on the test thread, so a decoder that looped forever would hang the run rather than be
/// reported; the decoders are written so that every loop advances through finite input.
/// </summary>
public class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_240_601;
    private const int DefaultCases = 3000;
    private static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public void Mutated_files_decode_or_fail_with_ImageDecodeException_quickly()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("DIGITREADER_FUZZ_CASES"), out int n) && n > 0 ? n : DefaultCases;
        var seeds = SeedFiles();
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();
        var slowest = TimeSpan.Zero;
        string slowestCase = "";
        var total = Stopwatch.StartNew();

        for (int i = 0; i < cases && failures.Count < 10; i++)
        {
            var random = new Random(Seed + i);
            var (name, original) = seeds[random.Next(seeds.Count)];
            var (data, description) = new Mutator(random).Mutate(original);
            string outcome;
            var clock = Stopwatch.StartNew();
            try
            {
                var format = ImageDecoder.DetectFormat(data);
                var image = ImageDecoder.DecodeWithoutBackstop(data, DecodeLimits.Default, format);
                outcome = image.Pixels.Length == image.Width * image.Height * 4 ? "decoded" : throw new InvalidOperationException("inconsistent image");
                // The direct grayscale paths must agree with the RGBA path on whatever the mutation left decodable:
                // PNG exactly, JPEG (its Y plane) in size.
                var gray = ImageDecoder.DecodeGrayWithoutBackstop(data, DecodeLimits.Default, format);
                if ((gray.Width, gray.Height) != (image.Width, image.Height)
                    || format != ImageFormat.Jpeg && !gray.Pixels.AsSpan().SequenceEqual(image.ToGray().Pixels))
                    throw new InvalidOperationException("the grayscale decode differs from the RGBA decode's luma");
            }
            catch (ImageDecodeException e)
            {
                outcome = e.Reason.ToString();
            }
            catch (Exception e)
            {
                outcome = "escaped";
                failures.Add($"case {i} ({name}; {description}): {e.GetType().Name}: {e.Message} — input saved to {Save(i, data)}");
            }
            clock.Stop();
            if (clock.Elapsed > slowest) (slowest, slowestCase) = (clock.Elapsed, $"case {i}, {name}: {description} → {outcome}");
            if (clock.Elapsed > CaseTimeLimit)
                failures.Add($"case {i} ({name}; {description}) took {clock.Elapsed.TotalSeconds:F1} s — input saved to {Save(i, data)}");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{cases:N0} cases from {seeds.Count} seed files in {total.Elapsed.TotalSeconds:F1} s; slowest {slowest.TotalMilliseconds:F1} ms ({slowestCase})");
        output.WriteLine(string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // The fuzzer must reach the pixel code, not only the header checks.
        Assert.True(outcomes.GetValueOrDefault("decoded") > cases / 50, $"too few mutated files decoded: {outcomes.GetValueOrDefault("decoded")}");
    }

    /// <summary>Small corpus files of every format, a few large ones, and JPEGs made by ImageMagick.</summary>
    private static List<(string Name, byte[] Data)> SeedFiles()
    {
        var corpus = Corpus.Instance;
        var files = corpus.GeneratedFiles
            .Where(f => f.Width * f.Height < 1000 || f.Name.Contains("adam7") && f.Name.Contains("rgba8") || f.Name.StartsWith("bmp-pal4") || f.Name.StartsWith("pnm-p3-"))
            .Select(f => (f.Name, f.Bytes))
            .ToList();
        string source = Path.Combine(corpus.Directory, "fuzz-source.png");
        File.Copy(corpus.GeneratedFiles.First(f => f.Name == "png-rgb8-plain-17x9.png").Path, source, overwrite: true);
        foreach (var (label, args) in new (string, string[])[]
        {
            ("baseline", ["-quality", "85"]),
            ("progressive", ["-interlace", "JPEG", "-quality", "70"]),
            ("gray", ["-colorspace", "Gray", "-quality", "90"]),
            ("subsampled-restart", ["-sampling-factor", "2x2", "-define", "jpeg:restart-interval=1"]),
        })
        {
            string path = Path.Combine(corpus.Directory, $"fuzz-{label}.jpg");
            ImageMagick.Run([source, .. args, path]);
            files.Add(($"jpeg-{label}", File.ReadAllBytes(path)));
        }
        Assert.Contains(files, f => f.Name.StartsWith("png-"));
        Assert.Contains(files, f => f.Name.StartsWith("bmp-"));
        Assert.Contains(files, f => f.Name.StartsWith("pnm-"));
        return files;
    }

    private static string Save(int index, byte[] data)
    {
        string path = Path.Combine(Path.GetTempPath(), $"digitreader-fuzz-case-{index}.bin");
        File.WriteAllBytes(path, data);
        return path;
    }
}
