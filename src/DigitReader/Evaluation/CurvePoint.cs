namespace DigitReader.Evaluation;

/// <summary>A point of a curve in the unit square: (false positive rate, true positive rate) for ROC, (recall, precision) for PR.</summary>
public readonly record struct CurvePoint(double X, double Y);

/// <summary>Thins a curve to a few hundred points for plotting, keeping its shape.</summary>
internal static class CurveThinning
{
    /// <summary>
    /// Drops interior points that lie on the straight line through their neighbours (they change nothing
    /// when drawn), then, if more than <paramref name="maxPoints"/> remain, keeps points spaced evenly
    /// along the curve's length, always keeping the first and the last.
    /// </summary>
    public static IReadOnlyList<CurvePoint> Thin(IReadOnlyList<CurvePoint> points, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 3);
        if (points.Count <= 2) return points.ToList();

        var kept = new List<CurvePoint> { points[0] };
        for (int i = 1; i < points.Count - 1; i++)
        {
            var a = kept[^1];
            var b = points[i];
            var c = points[i + 1];
            double cross = (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);
            if (Math.Abs(cross) > 1e-12) kept.Add(b);
        }
        kept.Add(points[^1]);
        if (kept.Count <= maxPoints) return kept;

        double length = 0;
        for (int i = 1; i < kept.Count; i++) length += Distance(kept[i - 1], kept[i]);
        // maxPoints − 2 steps leave room for the first and the forced last point.
        double step = length / (maxPoints - 2);
        var thinned = new List<CurvePoint> { kept[0] };
        double travelled = 0, next = step;
        for (int i = 1; i < kept.Count - 1; i++)
        {
            travelled += Distance(kept[i - 1], kept[i]);
            if (travelled >= next)
            {
                // The first point past each multiple of the step: at most one per multiple, so the limit holds.
                thinned.Add(kept[i]);
                next = (Math.Floor(travelled / step) + 1) * step;
            }
        }
        thinned.Add(kept[^1]);
        return thinned;
    }

    private static double Distance(CurvePoint a, CurvePoint b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
