using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DigitReader.Preprocessing;

/// <summary>
/// Removes ruled lines (notebook lines, a margin line, a form's rules) from an ink mask while keeping
/// the strokes that cross them. A pixel is "thin" when its vertical run of ink is at most the line
/// thickness; thin pixels form candidate segments, a segment that reaches the left or right border
/// (or spans most of the width) is a line, a straight line is fitted to it by least squares, and every
/// thin pixel on that line across the whole width is removed. Where a stroke crosses, the vertical run
/// is long, so the stroke survives intact. Vertical lines are handled the same way on the mask read
/// transposed. Each pass works only in the window around the components long enough to hold a segment,
/// and labels nothing when too few consecutive columns hold thin pixels for one: a canvas digit is tall
/// enough for the vertical pass, but its strokes are too thick to be thin.
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
    /// <paramref name="removed"/>; returns how many pixels were removed. <paramref name="components"/> must be
    /// the mask's 8-connected components (<see cref="ConnectedComponents"/>): each pass looks for lines only
    /// around those long enough to hold one.
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
        int count = horizontal ? RemoveLines(mask, removed, new Pass(width, height, Transposed: false), components) : 0;
        // The vertical pass sees the mask left by the horizontal one.
        return vertical ? count + RemoveLines(mask, removed, new Pass(height, width, Transposed: true), components) : count;
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

    /// <summary>
    /// The image as one pass sees it: lines run along x, <see cref="Width"/> long, and thickness is measured
    /// along y. The vertical pass reads the mask transposed in place (its x is the image's row), so nothing is copied.
    /// </summary>
    private readonly record struct Pass(int Width, int Height, bool Transposed)
    {
        /// <summary>The thickest run across a line, pixels.</summary>
        public int MaxThickness => Math.Max(3, (int)Math.Round(Height * 0.012));

        /// <summary>The shortest segment worth fitting: shorter ones are neither lines nor dashes.</summary>
        public double MinSegment => Math.Max(8, Width * DashFraction);

        /// <summary>The component's inclusive bounding box in the pass's coordinates.</summary>
        public (int X0, int Y0, int X1, int Y1) Box(Component c) =>
            Transposed ? (c.MinY, c.MinX, c.MaxY, c.MaxX) : (c.MinX, c.MinY, c.MaxX, c.MaxY);
    }

    /// <summary>
    /// One pass: fits a line to each long thin segment and clears the thin pixels along it; returns how many.
    /// </summary>
    /// <remarks>
    /// Segments are found only in the window around the components at least <see cref="Pass.MinSegment"/> long
    /// along x: a segment lies in one component (of the mask as the pass found it, which is inside one of
    /// <paramref name="components"/>: passes only remove ink), and is no longer than it. Inside the window a
    /// pixel of such a component has the run across it it has in the whole image, so its segments are the
    /// whole image's, in the same (raster) order; a run cut at the window's edge belongs to a component that
    /// leaves the window, a short one, whose segments are skipped as before. Coordinates handed on are the
    /// whole image's, so every fit is computed from the same numbers. Erasing spans the whole width, so it
    /// reads the thin pixels of the whole image, found when a line is.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RemoveLines(byte[] mask, byte[] removed, Pass pass, IReadOnlyCollection<Component> components)
    {
        int maxThickness = pass.MaxThickness;
        double minLength = pass.MinSegment;
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        foreach (var c in components)
        {
            var box = pass.Box(c);
            if (box.X1 - box.X0 + 1 < minLength) continue;
            x0 = Math.Min(x0, box.X0); y0 = Math.Min(y0, box.Y0); x1 = Math.Max(x1, box.X1); y1 = Math.Max(y1, box.Y1);
        }
        if (x1 < 0) return 0;
        // Erasing needs the whole image's thin pixels: when the window is most of it, find them once.
        if ((long)(x1 - x0 + 1) * (y1 - y0 + 1) * 2 >= (long)pass.Width * pass.Height) (x0, y0, x1, y1) = (0, 0, pass.Width - 1, pass.Height - 1);
        int width = x1 - x0 + 1, height = y1 - y0 + 1;
        bool whole = width == pass.Width && height == pass.Height;
        var thin = Scratch.Rent<byte>(width * height, clear: pass.Transposed);
        var occupied = Scratch.Rent<byte>(pass.Width, clear: true);
        byte[]? allThin = null;
        try
        {
            ThinPixels(mask, pass, x0, y0, width, height, maxThickness, thin, occupied);
            if (!HasRun(occupied.AsSpan(0, width), minLength)) return 0;
            using var segments = ConnectedComponents.Label(thin, thin, width, height);
            // Thin pixels of the whole image; only the mask's erasing changes it, and that comes after.
            byte[] AllThin()
            {
                if (whole) return thin;
                if (allThin is null)
                {
                    allThin = Scratch.Rent<byte>(pass.Width * pass.Height, clear: pass.Transposed);
                    ThinPixels(mask, pass, 0, 0, pass.Width, pass.Height, maxThickness, allThin, occupied);
                }
                return allThin;
            }
            int removedCount = 0;
            var dashes = new List<Dash>();
            foreach (var s in segments.Components)
            {
                if (s.Width < minLength) continue;
                if (!FitLine(segments.Labels, s, width, x0, y0, maxThickness, out double a, out double b, out double thickness)) continue;
                int minX = s.MinX + x0, maxX = s.MaxX + x0;
                bool anchored = (minX == 0 || maxX == pass.Width - 1) && s.Width >= pass.Width * 0.15;
                if (anchored || s.Width >= pass.Width * 0.6) removedCount += Erase(mask, removed, AllThin(), pass, a, b, thickness);
                else dashes.Add(new Dash(s.Label, minX, maxX, a, b, thickness));
            }
            foreach (var (a, b, thickness) in BrokenLines(dashes, pass.Width, maxThickness))
                removedCount += Erase(mask, removed, AllThin(), pass, a, b, thickness);
            return removedCount;
        }
        finally
        {
            Scratch.Return(thin);
            Scratch.Return(occupied);
            Scratch.Return(allThin);
        }
    }

    /// <summary>
    /// Whether <paramref name="minLength"/> consecutive columns each hold a thin pixel (non-zero in
    /// <paramref name="occupied"/>): an 8-connected segment has a pixel in every column it spans, so without
    /// such a run no segment is long enough, and labelling can be skipped.
    /// </summary>
    private static bool HasRun(ReadOnlySpan<byte> occupied, double minLength)
    {
        int run = 0;
        foreach (byte o in occupied)
            if ((run = o != 0 ? run + 1 : 0) >= minLength) return true;
        return false;
    }

    /// <summary>Clears the thin pixels within the line's band across the whole width; returns how many.</summary>
    /// <remarks><paramref name="thin"/> covers the whole pass, row-major in the pass's coordinates.</remarks>
    private static int Erase(byte[] mask, byte[] removed, byte[] thin, Pass pass, double a, double b, double thickness)
    {
        int count = 0, width = pass.Width, height = pass.Height;
        bool transposed = pass.Transposed;
        double half = thickness / 2 + 1;
        for (int x = 0; x < width; x++)
        {
            double yc = a + b * (x + 0.5);
            int y0 = Math.Max(0, (int)Math.Floor(yc - half)), y1 = Math.Min(height - 1, (int)Math.Ceiling(yc + half));
            for (int y = y0; y <= y1; y++)
            {
                int t = y * width + x, i = transposed ? x * height + y : t; // in thin, in the mask
                if (thin[t] != 0 && mask[i] != 0 && Math.Abs(y + 0.5 - yc) <= half)
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

    /// <summary>
    /// Fits y = a + b·x to the segment, refitting on inliers; false when it is not a thin straight line.
    /// <paramref name="labels"/> is the window at (<paramref name="x0"/>, <paramref name="y0"/>), <paramref name="width"/> wide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FitLine(int[] labels, Component s, int width, int x0, int y0, int maxThickness, out double a, out double b, out double thickness)
    {
        a = 0; b = 0; thickness = 0;
        double tolerance = double.MaxValue;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            int minX = int.MaxValue, maxX = -1;
            // x and y are the whole image's coordinates, so the sums are the same numbers.
            for (int y = s.MinY + y0; y <= s.MaxY + y0; y++)
            {
                int row = (y - y0) * width - x0; // labels[row + x] is pixel (x, y)
                for (int x = s.MinX + x0; x <= s.MaxX + x0; x++)
                {
                    if (labels[row + x] != s.Label) continue;
                    double px = x + 0.5, py = y + 0.5;
                    if (iteration > 0 && Math.Abs(py - (a + b * px)) > tolerance) continue;
                    n++; sx += px; sy += py; sxx += px * px; sxy += px * py;
                    if (x < minX) minX = x;
                    if (x > maxX) maxX = x;
                }
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
    /// Over the pass's window at (<paramref name="x0"/>, <paramref name="y0"/>): 1 for ink pixels whose run of
    /// ink along y, within the window, is at most <paramref name="maxThickness"/> long, else 0; row-major in the
    /// pass's coordinates. <paramref name="thin"/> must be cleared for a transposed pass. Columns holding a
    /// thin pixel are marked in <paramref name="occupied"/> (one byte per window column).
    /// </summary>
    /// <remarks>
    /// Both ways give, for a run of length L, pixel k (1-based) thin when min(k, cap) + min(L − k + 1, cap) ≤
    /// <paramref name="maxThickness"/> + 1, cap = min(127, <paramref name="maxThickness"/> + 1): L ≤
    /// <paramref name="maxThickness"/> unless lines may be over 126 pixels thick.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ThinPixels(byte[] mask, Pass pass, int x0, int y0, int width, int height, int maxThickness, byte[] thin, byte[] occupied)
    {
        byte cap = (byte)Math.Min(127, maxThickness + 1);
        if (!pass.Transposed)
        {
            ThinColumns(mask.AsSpan(y0 * pass.Width + x0), pass.Width, width, height, maxThickness, cap, thin, occupied.AsSpan(0, width));
            return;
        }
        // The pass's y is the image's x: runs lie along the image's rows, found by searching each row.
        for (int x = x0; x <= x0 + width - 1; x++)
        {
            var row = mask.AsSpan(x * pass.Height + y0, height);
            for (int start = ConnectedComponents.NextRun(row, 0, out int end); start >= 0; start = ConnectedComponents.NextRun(row, end, out end))
            {
                int length = end - start;
                if (length <= maxThickness || cap <= maxThickness) // else the run is too long for any pixel of it
                    for (int k = 1; k <= length; k++)
                        if (Math.Min(k, cap) + Math.Min(length - k + 1, cap) <= maxThickness + 1)
                            thin[(start + k - 1) * width + x - x0] = occupied[x - x0] = 1;
            }
        }
    }

    /// <summary>
    /// <see cref="ThinPixels"/> with runs along the image's columns: counts of ink above and below each pixel
    /// (itself included) saturate at <paramref name="cap"/>, so they fit in bytes and whole rows are vectorised.
    /// Row r of the window is <c>mask[r · stride ..]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ThinColumns(ReadOnlySpan<byte> mask, int stride, int width, int height, int maxThickness, byte cap, byte[] thin, Span<byte> occupied)
    {
        var above = Scratch.Rent<byte>(width * height, clear: false); // every row is written before it is read
        var below = Scratch.Rent<byte>(width, clear: true);
        for (int y = 0; y < height; y++)
            CountRun(mask.Slice(y * stride, width), y > 0 ? above.AsSpan((y - 1) * width, width) : below.AsSpan(0, width), above.AsSpan(y * width, width), cap);
        Array.Clear(below); // the row under the window holds no ink
        for (int y = height - 1; y >= 0; y--)
        {
            var ink = mask.Slice(y * stride, width);
            CountRun(ink, below.AsSpan(0, width), below.AsSpan(0, width), cap);
            var up = above.AsSpan(y * width, width);
            var target = thin.AsSpan(y * width, width);
            // up + down − 1 ≤ maxThickness; a run longer than the limit makes at least one count saturate at cap.
            // Both counts are 0 on paper, so "ink" is "up ≠ 0"; sums stay below 255.
            int x = 0;
            var any = Vector256<byte>.Zero;
            if (Vector256.IsHardwareAccelerated)
            {
                var limit = Vector256.Create((byte)(maxThickness + 1));
                var one = Vector256.Create((byte)1);
                for (; x <= width - 32; x += 32)
                {
                    var u = Vector256.Create(up.Slice(x, 32));
                    var sum = u + Vector256.Create(below.AsSpan(x, 32));
                    var isThin = Vector256.LessThanOrEqual(sum, limit) & ~Vector256.Equals(u, Vector256<byte>.Zero) & one;
                    isThin.CopyTo(target.Slice(x, 32));
                    any |= isThin;
                }
            }
            bool anyThin = any != Vector256<byte>.Zero;
            for (; x < width; x++) anyThin |= (target[x] = (byte)(ink[x] != 0 && up[x] + below[x] <= maxThickness + 1 ? 1 : 0)) != 0;
            if (anyThin) // few rows hold thin pixels
            {
                x = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; x <= width - 32; x += 32)
                        (Vector256.Create(occupied.Slice(x, 32)) | Vector256.Create(target.Slice(x, 32))).CopyTo(occupied.Slice(x, 32));
                for (; x < width; x++) occupied[x] |= target[x];
            }
        }
        Scratch.Return(above);
        Scratch.Return(below);
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
}
