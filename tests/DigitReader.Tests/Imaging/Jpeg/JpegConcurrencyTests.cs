using DigitReader.Imaging;
using DigitReader.Imaging.Jpeg;

namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>
/// The decoder rents its component planes from a shared pool and returns them after colour conversion (or
/// on failure): decodes running on several threads at once, mixed with failing ones, must give exactly the
/// pixels of decodes made one at a time.
/// </summary>
public sealed class JpegConcurrencyTests
{
    [Fact]
    public void Concurrent_decodes_give_the_sequential_pixels()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"digitreader-jpeg-concurrency-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var files = new List<byte[]>();
            foreach (var (w, h, options) in new (int, int, string[])[]
            {
                (300, 200, ["-sample", "1x1", "-quality", "90"]), (320, 240, ["-sample", "2x2"]),
                (123, 77, ["-progressive"]), (640, 480, ["-quality", "85", "-restart", "1"]),
            })
            {
                string pnm = Path.Combine(dir, $"{w}x{h}.ppm");
                File.WriteAllBytes(pnm, JpegTools.Pnm(w, h, JpegTools.Paper(w, h, w, color: true), color: true));
                files.Add(JpegTools.Run(JpegTools.Cjpeg, [.. options, pnm]));
            }
            var truncated = files[3][..(files[3].Length / 2)];
            var expected = files.Select(f => JpegDecoder.Decode(f, DecodeLimits.Default).Pixels).ToArray();
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                for (int round = 0; round < 5; round++)
                    for (int k = 0; k < files.Count; k++)
                    {
                        int i = (k + t + round) % files.Count;
                        if (!JpegDecoder.Decode(files[i], DecodeLimits.Default).Pixels.AsSpan().SequenceEqual(expected[i]))
                            failures.Add($"image {i} (thread {t}, round {round})");
                        try { JpegDecoder.Decode(truncated, DecodeLimits.Default); failures.Add("the truncated file decoded"); }
                        catch (ImageDecodeException) { }
                    }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Empty(failures);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
