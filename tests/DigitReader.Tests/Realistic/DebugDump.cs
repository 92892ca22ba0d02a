using DigitReader.Preprocessing;
using Xunit;
using Xunit.Abstractions;

namespace DigitReader.Tests.Realistic;

public sealed class DebugDump(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        var spec = Environment.GetEnvironmentVariable("DUMP") ?? "";
        if (spec == "") return;
        var parts = spec.Split(':');
        var condition = Enum.Parse<RealisticCondition>(parts[0]);
        int n = int.Parse(parts[1]);
        Directory.CreateDirectory("/tmp/dump");
        var normaliser = new MnistNormaliser();
        for (int i = 0; i < n; i++)
        {
            var s = RealisticRenderer.Render(condition, i);
            var g = s.GrayWithoutProductDecoder();
            try
            {
                var r = normaliser.Normalise(g);
                double corr = NormaliserQualityTests.Correlation(r.Final.Pixels, MnistTestDigits.Images.Image(s.MnistIndex));
                output.WriteLine($"{i}: label {s.Label} r={corr:F3} box {r.BoundingBox} crop {r.Crop.Width}x{r.Crop.Height} light {r.LightInkOnDark}");
                if (corr < 0.8)
                {
                    File.WriteAllBytes($"/tmp/dump/{condition}-{i}-gray.png", PngWriter.Encode(r.Grayscale.Width, r.Grayscale.Height, 1, r.Grayscale.Pixels));
                    File.WriteAllBytes($"/tmp/dump/{condition}-{i}-mask.png", PngWriter.Encode(r.Mask.Width, r.Mask.Height, 1, r.Mask.Pixels));
                    File.WriteAllBytes($"/tmp/dump/{condition}-{i}-crop.png", PngWriter.Encode(r.Crop.Width, r.Crop.Height, 1, r.Crop.Pixels));
                    var both = new byte[28 * 56];
                    var orig = MnistTestDigits.Images.Image(s.MnistIndex);
                    for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) { both[y * 56 + x] = r.Final.Pixels[y * 28 + x]; both[y * 56 + 28 + x] = orig[y * 28 + x]; }
                    File.WriteAllBytes($"/tmp/dump/{condition}-{i}-final.png", PngWriter.Encode(56, 28, 1, both));
                }
            }
            catch (NoDigitFoundException e)
            {
                output.WriteLine($"{i}: label {s.Label} {e.Message}");
                File.WriteAllBytes($"/tmp/dump/{condition}-{i}-src.png", PngWriter.Encode(g.Width, g.Height, 1, g.Pixels));
            }
        }
    }
}
