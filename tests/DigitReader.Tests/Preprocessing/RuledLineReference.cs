using DigitReader.Preprocessing;

namespace DigitReader.Tests.Preprocessing;

/// <summary>
/// <see cref="RuledLineRemover"/> as first written, kept plain: every pass over the whole image (the
/// vertical one on a transposed copy), run lengths counted pixel by pixel. The fast version restricts its
/// work to where a line can be and must give the same masks.
/// </summary>
internal static class RuledLineReference
{
    private const double DashFraction = 0.05;
    private const int DashMaxThickness = 6;

    private readonly record struct Dash(int MinX, int MaxX, double A, double B, double Thickness)
    {
        public double YAt(double x) => A + B * x;
        public double CentreX => (MinX + MaxX + 1) / 2.0;
    }

    public static int Remove(byte[] mask, byte[] removed, int width, int height, IEnumerable<Component> components)
    {
        bool horizontal = false, vertical = false;
        foreach (var c in components)
        {
            horizontal |= (c.Width >= width * 0.15 && (c.MinX == 0 || c.MaxX == width - 1 || c.Width >= width * 0.6))
                || (c.Width >= width * DashFraction && c.Height <= DashMaxThickness);
            vertical |= (c.Height >= height * 0.15 && (c.MinY == 0 || c.MaxY == height - 1 || c.Height >= height * 0.6))
                || (c.Height >= height * DashFraction && c.Width <= DashMaxThickness);
        }
        int count = horizontal ? RemoveHorizontal(mask, removed, width, height) : 0;
        if (!vertical) return count;
        var t = new byte[width * height];
        var tr = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) t[x * height + y] = mask[y * width + x];
        count += RemoveHorizontal(t, tr, height, width);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                if (tr[x * height + y] != 0) { mask[y * width + x] = 0; removed[y * width + x] = 1; }
        return count;
    }

    private static int RemoveHorizontal(byte[] mask, byte[] removed, int width, int height)
    {
        int maxThickness = Math.Max(3, (int)Math.Round(height * 0.012));
        // Thin: the pixel's vertical run of ink is at most maxThickness long.
        var thin = new byte[width * height];
        for (int x = 0; x < width; x++)
            for (int y = 0; y < height;)
            {
                if (mask[y * width + x] == 0) { y++; continue; }
                int end = y;
                while (end < height && mask[end * width + x] != 0) end++;
                for (int k = y; k < end; k++) thin[k * width + x] = (byte)(end - y <= maxThickness ? 1 : 0);
                y = end;
            }
        using var segments = ConnectedComponents.Label(thin, thin, width, height);
        int count = 0;
        var dashes = new List<Dash>();
        foreach (var s in segments.Components)
        {
            if (s.Width < Math.Max(8, width * DashFraction)) continue;
            if (!FitLine(segments.Labels, s, width, maxThickness, out double a, out double b, out double thickness)) continue;
            bool anchored = (s.MinX == 0 || s.MaxX == width - 1) && s.Width >= width * 0.15;
            if (anchored || s.Width >= width * 0.6) count += Erase(mask, removed, thin, width, height, a, b, thickness);
            else dashes.Add(new Dash(s.MinX, s.MaxX, a, b, thickness));
        }
        foreach (var (a, b, thickness) in BrokenLines(dashes, width, maxThickness))
            count += Erase(mask, removed, thin, width, height, a, b, thickness);
        return count;
    }

    private static int Erase(byte[] mask, byte[] removed, byte[] thin, int width, int height, double a, double b, double thickness)
    {
        int count = 0;
        double half = thickness / 2 + 1;
        for (int x = 0; x < width; x++)
        {
            double yc = a + b * (x + 0.5);
            int y0 = Math.Max(0, (int)Math.Floor(yc - half)), y1 = Math.Min(height - 1, (int)Math.Ceiling(yc + half));
            for (int y = y0; y <= y1; y++)
            {
                int i = y * width + x;
                if (thin[i] != 0 && mask[i] != 0 && Math.Abs(y + 0.5 - yc) <= half) { mask[i] = 0; removed[i] = 1; count++; }
            }
        }
        return count;
    }

    private static List<(double A, double B, double Thickness)> BrokenLines(List<Dash> dashes, int width, int maxThickness)
    {
        var lines = new List<(double A, double B, double Thickness)>();
        if (dashes.Count < 4) return lines;
        double middle = width / 2.0;
        dashes.Sort((p, q) => p.YAt(middle).CompareTo(q.YAt(middle)));
        var used = new bool[dashes.Count];
        for (int i = 0; i < dashes.Count; i++)
        {
            if (used[i]) continue;
            var chain = new List<Dash> { dashes[i] };
            used[i] = true;
            for (int j = i + 1; j < dashes.Count && dashes[j].YAt(middle) - dashes[i].YAt(middle) <= 4 * maxThickness; j++)
            {
                if (used[j]) continue;
                var d = dashes[j];
                if (Math.Abs(dashes[i].YAt(d.CentreX) - d.YAt(d.CentreX)) <= maxThickness && Math.Abs(dashes[i].B - d.B) < 0.05)
                {
                    chain.Add(d);
                    used[j] = true;
                }
            }
            int minX = chain.Min(d => d.MinX), maxX = chain.Max(d => d.MaxX);
            if (chain.Count < 2 || maxX - minX + 1 < width * 0.6) continue;
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            foreach (var d in chain)
            {
                double weight = d.MaxX - d.MinX + 1, x = d.CentreX, y = d.YAt(x);
                n += weight; sx += weight * x; sy += weight * y; sxx += weight * x * x; sxy += weight * x * y;
            }
            double den = n * sxx - sx * sx;
            double b = den > 0 ? (n * sxy - sx * sy) / den : chain[0].B;
            double a = (sy - b * sx) / n;
            if (Math.Abs(b) < 0.2) lines.Add((a, b, chain.Max(d => d.Thickness)));
        }
        if (lines.Count < 2) return [];
        double slope = lines.Select(l => l.B).Order().ElementAt(lines.Count / 2);
        var parallel = lines.Where(l => Math.Abs(l.B - slope) < 0.05).ToList();
        return parallel.Count >= 2 ? parallel : [];
    }

    private static bool FitLine(int[] labels, Component s, int width, int maxThickness, out double a, out double b, out double thickness)
    {
        a = 0; b = 0; thickness = 0;
        double tolerance = double.MaxValue;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            int minX = int.MaxValue, maxX = -1;
            for (int y = s.MinY; y <= s.MaxY; y++)
                for (int x = s.MinX; x <= s.MaxX; x++)
                {
                    if (labels[y * width + x] != s.Label) continue;
                    double px = x + 0.5, py = y + 0.5;
                    if (iteration > 0 && Math.Abs(py - (a + b * px)) > tolerance) continue;
                    n++; sx += px; sy += py; sxx += px * px; sxy += px * py;
                    if (x < minX) minX = x;
                    if (x > maxX) maxX = x;
                }
            if (n < 8) return false;
            double den = n * sxx - sx * sx;
            if (den <= 0) return false;
            b = (n * sxy - sx * sy) / den;
            a = (sy - b * sx) / n;
            int span = maxX - minX + 1;
            thickness = n / span;
            if (iteration > 0 && (span < s.Width * 0.5 || thickness > maxThickness || n < span * 0.7)) return false;
            tolerance = maxThickness;
        }
        return Math.Abs(b) < 0.2;
    }
}
