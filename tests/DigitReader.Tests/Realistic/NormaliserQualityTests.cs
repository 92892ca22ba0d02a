using System.Text;
using DigitReader.Preprocessing;
using Xunit;
using Xunit.Abstractions;

namespace DigitReader.Tests.Realistic;

/// <summary>
/// Normaliser quality per realistic condition without the network: each rendered photo goes through the
/// normaliser and the 28 × 28 result is compared with the MNIST digit it was drawn from (Pearson
/// correlation of the pixels). Rendering uses bilinear enlargement and a smooth threshold, so even a
/// perfect normaliser does not reach 1; a lost or wrongly cut digit falls far below.
/// </summary>
public sealed class NormaliserQualityTests(ITestOutputHelper output)
{
    private const int PerCondition = 24;

    [Fact]
    public void Every_condition_normalises_close_to_the_source_digit()
    {
        var table = new StringBuilder("| Condition | Samples | Mean correlation | ≥ 0.8 | No digit |\n|---|---:|---:|---:|---:|\n");
        var failures = new List<string>();
        var normaliser = new MnistNormaliser();
        foreach (var condition in Enum.GetValues<RealisticCondition>())
        {
            int good = 0, missing = 0;
            double sum = 0;
            for (int i = 0; i < PerCondition; i++)
            {
                var sample = RealisticRenderer.Render(condition, i);
                double r;
                try
                {
                    var result = normaliser.Normalise(sample.GrayWithoutProductDecoder());
                    r = Correlation(result.Final.Pixels, MnistTestDigits.Images.Image(sample.MnistIndex));
                }
                catch (NoDigitFoundException)
                {
                    missing++;
                    r = 0;
                }
                sum += r;
                if (r >= 0.8) good++;
            }
            double mean = sum / PerCondition, fraction = (double)good / PerCondition;
            table.Append($"| {condition} | {PerCondition} | {mean:F3} | {fraction:P0} | {missing} |\n");
            // Floors a little under the measured means: a marker is thicker and a rotated digit is turned
            // relative to its source, so their correlation is lower by construction, not by fault.
            double floor = condition switch
            {
                RealisticCondition.Marker => 0.6,
                RealisticCondition.RotationSkew => 0.65,
                RealisticCondition.TransparentPng => 0.8,
                _ => 0.85,
            };
            if (mean < floor) failures.Add($"{condition}: mean correlation {mean:F3} < {floor:F2}");
            if (missing > 0) failures.Add($"{condition}: {missing} samples reported as no digit");
        }
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join("; ", failures) + "\n" + table);
    }

    /// <summary>Pearson correlation of two equally long byte images.</summary>
    internal static double Correlation(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.Length; mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }
}
