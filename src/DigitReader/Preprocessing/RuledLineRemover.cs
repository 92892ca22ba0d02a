using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// Removes ruled lines (notebook lines, a margin line, a form's rules) from an ink mask while keeping
/// the strokes that cross them. A pixel is "thin" when its vertical run of ink is at most the line
/// thickness; thin pixels form candidate segments, a segment that reaches the left or right border
/// (or spans most of the width) is a line, a straight line is fitted to it by least squares, and every
/// thin pixel on that line across the whole width is removed. Where a stroke crosses, the vertical run
/// is long, so the stroke survives intact. Vertical lines are handled by transposing.
/// </summary>
/// <remarks>
/// A ruled line in a photo is rarely one segment: a line drawn at a slight angle steps from one pixel row
/// to the next, and at each step its anti-aliased ink is split between two rows and falls under the
/// threshold, so it reaches the mask as a chain of collinear dashes, none of which touches a border. So
/// thin straight segments that lie on one line are also grouped; a group spanning most of the width is a
/// line when at least one other such group runs parallel to it. That second condition is what keeps the
/// two halves of a 4's crossbar, or a crossed 7, which are also collinear, thin and straight: a digit has
/// one such bar, a ruled page has many lines.
/// </remarks>
internal static class RuledLineRemover
{
    /// <summary>
    /// Clears the line pixels of <paramref name="mask"/> (non-zero = ink) and sets them in
    /// <paramref name="removed"/>; returns how many pixels were removed.
    /// </summary>
    public static int Remove(byte[] mask, byte[] removed, int width, int height, IReadOnlyCollection<Component> components)
    {
        // A line segment lies inside one ink component, so a direction in which no component is long enough
        // (the tests of MayHoldLines) cannot hold a line: skip its pass, with the same result.
        bool horizontal = false, vertical = false;
        foreach (var c in components)
        {
            horizontal |= MayBeHorizontalLine(c, width);
            vertical |= MayBeVerticalLine(c, height);
        }
        int count = horizontal ? RemoveHorizontal(mask, removed, width, height) : 0;
        if (!vertical) return count;
        var t = Scratch.Rent<byte>(width * height, clear: false);
        var tr = Scratch.Rent<byte>(width * height, clear: true);
        try
        {
            Transpose(mask, width, height, t);
            int verticalCount = RemoveHorizontal(t, tr, height, width);
            if (verticalCount > 0)
            {
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        if (tr[x * height + y] != 0)
                        {
                            mask[y * width + x] = 0;
                            removed[y * width + x] = 1;
                        }
            }
            return count + verticalCount;
        }
        finally
        {
            Scratch.Return(t);
            Scratch.Return(tr);
        }
    }

    /// <summary>
    /// Cheap test on the ink's components: could any of them hold a line, i.e. reach a border while
    /// spanning 15% of that direction, or span 60% of it?
    /// </summary>
    public static bool MayHoldLines(IEnumerable<Component> components, int width, int height)
    {
        foreach (var c in components)
            if (MayBeHorizontalLine(c, width) || MayBeVerticalLine(c, height)) return true;
        return false;
    }

    private static bool MayBeHorizontalLine(Component c, int width) =>
        (c.Width >= width * 0.15 && (c.MinX == 0 || c.MaxX == width - 1 || c.Width >= width * 0.6))
        || (c.Width >= width * DashFraction && c.Height <= DashMaxThickness);

    private static bool MayBeVerticalLine(Component c, int height) =>
        (c.Height >= height * 0.15 && (c.MinY == 0 || c.MaxY == height - 1 || c.Height >= height * 0.6))
        || (c.Height >= height * DashFraction && c.Width <= DashMaxThickness);

    /// <summary>The shortest segment, as a fraction of the width, that may be one dash of a broken line.</summary>
    private const double DashFraction = 0.05;

    /// <summary>A separate component this thin (pixels across) and <see cref="DashFraction"/> long may be a dash.</summary>
    private const int DashMaxThickness = 6;

    /// <summary>A thin straight segment and the line fitted to it: y = A + B·x, pixel-centre coordinates.</summary>
    private readonly record struct Dash(int Label, int MinX, int MaxX, double A, double B, double Thickness)
    {
        public double YAt(double x) => A + B * x;
        public double CentreX => (MinX + MaxX + 1) / 2.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RemoveHorizontal(byte[] mask, byte[] removed, int width, int height)
    {
        int maxThickness = Math.Max(3, (int)Math.Round(height * 0.012));
        var thin = Scratch.Rent<byte>(width * height, clear: false);
        try
        {
            ThinPixels(mask, width, height, maxThickness, thin);
            using var segments = ConnectedComponents.Label(thin, thin, width, height);
            return RemoveLines(mask, removed, width, height, maxThickness, thin, segments);
        }
        finally
        {
            Scratch.Return(thin);
        }
    }

    /// <summary>Fits a line to each long thin segment and clears the thin pixels along it; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RemoveLines(byte[] mask, byte[] removed, int width, int height, int maxThickness, byte[] thin, ConnectedComponents segments)
    {
        int removedCount = 0;
        var dashes = new List<Dash>();
        foreach (var s in segments.Components)
        {
            if (s.Width < Math.Max(8, width * DashFraction)) continue;
            if (!FitLine(segments.Labels, s, width, maxThickness, out double a, out double b, out double thickness)) continue;
            bool anchored = (s.MinX == 0 || s.MaxX == width - 1) && s.Width >= width * 0.15;
            if (anchored || s.Width >= width * 0.6) removedCount += Erase(mask, removed, thin, width, height, a, b, thickness);
            else dashes.Add(new Dash(s.Label, s.MinX, s.MaxX, a, b, thickness));
        }
        foreach (var (a, b, thickness) in BrokenLines(dashes, width, maxThickness))
            removedCount += Erase(mask, removed, thin, width, height, a, b, thickness);
        return removedCount;
    }

    /// <summary>Clears the thin pixels within the line's band across the whole width; returns how many.</summary>
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
                if (thin[i] != 0 && mask[i] != 0 && Math.Abs(y + 0.5 - yc) <= half)
                {
                    mask[i] = 0;
                    removed[i] = 1;
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>
    /// Chains of collinear dashes that span at least 60% of the width, each as one line fitted through its
    /// dashes' centres (weighted by length), when at least two such chains run parallel (slopes within 0.05).
    /// </summary>
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
            // Dashes of one line sit next to each other in this order; a dash joins when the chain's first
            // dash, extended to the new dash's centre, passes through it.
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

    /// <summary>Fits y = a + b·x to the segment, refitting on inliers; false when it is not a thin straight line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// 1 for ink pixels whose vertical run of ink is at most <paramref name="maxThickness"/> long, else 0.
    /// A pixel's run length is (ink above it, itself included) + (ink below it, itself included) − 1; both
    /// counts saturate just past the limit, so they fit in bytes and whole rows are processed vectorised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ThinPixels(byte[] mask, int width, int height, int maxThickness, byte[] thin)
    {
        byte cap = (byte)Math.Min(127, maxThickness + 1);
        var above = Scratch.Rent<byte>(width * height, clear: false); // every row is written before it is read
        var below = new byte[width];
        for (int y = 0; y < height; y++)
            CountRun(mask.AsSpan(y * width, width), y > 0 ? above.AsSpan((y - 1) * width, width) : below, above.AsSpan(y * width, width), cap);
        Array.Clear(below); // the row under the image holds no ink
        for (int y = height - 1; y >= 0; y--)
        {
            var ink = mask.AsSpan(y * width, width);
            CountRun(ink, below, below, cap);
            var up = above.AsSpan(y * width, width);
            var target = thin.AsSpan(y * width, width);
            // up + down − 1 ≤ maxThickness; a run longer than the limit makes at least one count saturate at cap.
            // Both counts are 0 on paper, so "ink" is "up ≠ 0"; sums stay below 255.
            int x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var limit = Vector256.Create((byte)(maxThickness + 1));
                var one = Vector256.Create((byte)1);
                for (; x <= width - 32; x += 32)
                {
                    var u = Vector256.Create(up.Slice(x, 32));
                    var sum = u + Vector256.Create(below.AsSpan(x, 32));
                    var isThin = Vector256.LessThanOrEqual(sum, limit) & ~Vector256.Equals(u, Vector256<byte>.Zero);
                    (isThin & one).CopyTo(target.Slice(x, 32));
                }
            }
            for (; x < width; x++) target[x] = (byte)(ink[x] != 0 && up[x] + below[x] <= maxThickness + 1 ? 1 : 0);
        }
        Scratch.Return(above);
    }

    /// <summary><c>run[x] = ink[x] ≠ 0 ? min(previous[x] + 1, cap) : 0</c>; <paramref name="previous"/> may be <paramref name="run"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountRun(ReadOnlySpan<byte> ink, ReadOnlySpan<byte> previous, Span<byte> run, byte cap)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create((byte)1);
            var limit = Vector256.Create(cap);
            for (; x <= ink.Length - 32; x += 32)
            {
                var paper = Vector256.Equals(Vector256.Create(ink.Slice(x, 32)), Vector256<byte>.Zero);
                var count = Vector256.Min(Vector256.Create(previous.Slice(x, 32)) + one, limit);
                Vector256.AndNot(count, paper).CopyTo(run.Slice(x, 32));
            }
        }
        for (; x < ink.Length; x++) run[x] = ink[x] != 0 ? (byte)Math.Min(previous[x] + 1, cap) : (byte)0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(byte[] src, int width, int height, byte[] dst)
    {
        // In 32 × 32 tiles, so both the reads and the writes stay within a few cache lines.
        const int tile = 32;
        for (int y0 = 0; y0 < height; y0 += tile)
            for (int x0 = 0; x0 < width; x0 += tile)
            {
                int y1 = Math.Min(height, y0 + tile), x1 = Math.Min(width, x0 + tile);
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++)
                        dst[x * height + y] = src[y * width + x];
            }
    }
}
