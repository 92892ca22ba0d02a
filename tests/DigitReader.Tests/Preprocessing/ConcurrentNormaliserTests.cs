using DigitReader.Preprocessing;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// The normaliser rents its working arrays from a shared pool (the web app calls one instance from many
/// requests at once): calls running concurrently on several threads must give exactly the results of
/// calls made one at a time, so no rented array is ever shared or handed back while still in use.
/// </summary>
public sealed class ConcurrentNormaliserTests
{
    [Fact]
    public void Concurrent_calls_give_the_sequential_results()
    {
        var cases = GoldenInputs.All().Where(c => c.Image.Width * c.Image.Height <= 1_000_000).ToArray();
        var expected = cases.Select(c => Outcome(new MnistNormaliser(c.Options), c)).ToArray();
        var normalisers = cases.Select(c => new MnistNormaliser(c.Options)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Each thread walks the cases from a different start, so different image sizes overlap in time.
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int round = 0; round < 3; round++)
                for (int k = 0; k < cases.Length; k++)
                {
                    int i = (k + t * 7 + round) % cases.Length;
                    var actual = Outcome(normalisers[i], cases[i]);
                    if (!actual.SequenceEqual(expected[i])) failures.Add($"{cases[i].Name} (thread {t}, round {round})");
                }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    /// <summary>Every output of one call, as bytes, or a marker for "no digit".</summary>
    private static byte[] Outcome(MnistNormaliser normaliser, GoldenInputs.Case c)
    {
        try
        {
            var r = normaliser.Normalise(c.Image);
            var input = new byte[r.Input.Length * sizeof(float)];
            Buffer.BlockCopy(r.Input, 0, input, 0, input.Length);
            return [.. r.Final.Pixels, .. r.Mask.Pixels, .. r.Crop.Pixels, .. input, r.LightInkOnDark ? (byte)1 : (byte)0,
                .. BitConverter.GetBytes(r.BoundingBox.X), .. BitConverter.GetBytes(r.BoundingBox.Width)];
        }
        catch (NoDigitFoundException e)
        {
            return System.Text.Encoding.UTF8.GetBytes(e.Message);
        }
    }
}
