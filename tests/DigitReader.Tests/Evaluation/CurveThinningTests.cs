using DigitReader.Evaluation;

namespace DigitReader.Tests.Evaluation;

public sealed class CurveThinningTests
{
    [Fact]
    public void Collinear_points_are_dropped_and_corners_kept()
    {
        // A staircase with runs along the axes: only the corners matter when drawn.
        CurvePoint[] points = [new(0, 0), new(0, 0.25), new(0, 0.5), new(0.5, 0.5), new(1, 0.5), new(1, 1)];
        Assert.Equal([new(0, 0), new(0, 0.5), new(1, 0.5), new(1, 1)], CurveThinning.Thin(points, 300));
    }

    [Fact]
    public void A_long_curve_is_thinned_to_the_limit_keeping_its_ends()
    {
        // A ROC of 5,000 random scores has thousands of corners.
        var random = new Random(7);
        var scores = Enumerable.Range(0, 5000).Select(_ => (float)random.NextDouble()).ToArray();
        var positive = scores.Select(s => random.NextDouble() < s).ToArray();
        var curve = RocCurve.Compute(scores, positive);
        Assert.True(curve.Points.Count > 1000);

        var thinned = curve.Thinned(300);

        Assert.InRange(thinned.Count, 250, 300);
        Assert.Equal(curve.Points[0], thinned[0]);
        Assert.Equal(curve.Points[^1], thinned[^1]);
        // Still a ROC curve: both rates never decrease along it.
        for (int i = 1; i < thinned.Count; i++)
            Assert.True(thinned[i].X >= thinned[i - 1].X && thinned[i].Y >= thinned[i - 1].Y);
    }
}
