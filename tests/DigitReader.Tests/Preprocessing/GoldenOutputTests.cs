using System.IO.Compression;
using DigitReader.Preprocessing;
using Xunit.Abstractions;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// Guards optimisations of the normaliser: on the fixed corpus of <see cref="GoldenInputs"/> the final
/// 28 × 28 bytes, the polarity and the working-size ink mask must match what the normaliser produced when
/// the fixture was recorded (Fixtures/preprocessing/normaliser-golden.bin.gz).
/// </summary>
/// <remarks>
/// Per case the fixture holds one status byte (0 = normalised, 1 = no digit found), one polarity byte,
/// the 8-byte FNV-1a hash of the mask and the 784 final bytes. To re-record after a deliberate change in
/// behaviour, run this test with DIGITREADER_RECORD_GOLDEN set to the fixture's path in the source tree.
/// </remarks>
public sealed class GoldenOutputTests(ITestOutputHelper output)
{
    /// <summary>Largest allowed per-pixel difference on the final image, grey levels (identical outputs expected).</summary>
    private const int Tolerance = 0;
    private const int RecordLength = 1 + 1 + 8 + 784;

    [Fact]
    public void The_normaliser_reproduces_its_recorded_outputs()
    {
        var actual = new MemoryStream();
        var names = new List<string>();
        foreach (var c in GoldenInputs.All())
        {
            names.Add(c.Name);
            actual.Write(Record(c));
        }
        string? recordTo = Environment.GetEnvironmentVariable("DIGITREADER_RECORD_GOLDEN");
        if (!string.IsNullOrEmpty(recordTo))
        {
            using var file = File.Create(recordTo);
            using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
            gzip.Write(actual.ToArray());
            output.WriteLine($"recorded {names.Count} cases to {recordTo}");
            return;
        }
        var expected = Load();
        var got = actual.ToArray();
        Assert.Equal(expected.Length, got.Length);
        int worst = 0, differing = 0;
        for (int k = 0; k < names.Count; k++)
        {
            var e = expected.AsSpan(k * RecordLength, RecordLength);
            var a = got.AsSpan(k * RecordLength, RecordLength);
            Assert.True(e[0] == a[0], $"{names[k]}: status {a[0]}, recorded {e[0]}");
            Assert.True(e[1] == a[1], $"{names[k]}: polarity {a[1]}, recorded {e[1]}");
            Assert.True(e[2..10].SequenceEqual(a[2..10]), $"{names[k]}: the ink mask differs from the recorded one");
            int caseWorst = 0;
            for (int i = 10; i < RecordLength; i++) caseWorst = Math.Max(caseWorst, Math.Abs(e[i] - a[i]));
            if (caseWorst > 0) differing++;
            worst = Math.Max(worst, caseWorst);
            Assert.True(caseWorst <= Tolerance, $"{names[k]}: a final pixel differs by {caseWorst} grey levels");
        }
        output.WriteLine($"{names.Count} cases, {differing} with any difference, worst {worst} grey levels");
    }

    private static byte[] Record(GoldenInputs.Case c)
    {
        var record = new byte[RecordLength];
        try
        {
            var result = new MnistNormaliser(c.Options).Normalise(c.Image);
            record[1] = result.LightInkOnDark ? (byte)1 : (byte)0;
            BitConverter.TryWriteBytes(record.AsSpan(2, 8), Fnv1a(result.Mask.Pixels));
            result.Final.Pixels.CopyTo(record.AsSpan(10));
        }
        catch (NoDigitFoundException)
        {
            record[0] = 1;
        }
        return record;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong h = 14695981039346656037;
        foreach (byte b in bytes) h = (h ^ b) * 1099511628211;
        return h;
    }

    private static byte[] Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "preprocessing", "normaliser-golden.bin.gz");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
