using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>
/// Finds a sheet of paper photographed on a darker surface (a note, a card or an envelope on a desk) and
/// cuts it out, so the digit is read on the paper alone. Around a sheet that does not fill the frame, the
/// edge between desk and paper is the strongest mark in the photo, and the paper itself, bright on dark,
/// would be read as the digit (a 0) in the light-ink polarity.
/// </summary>
/// <remarks>
/// The decision is made on the image reduced to at most <see cref="DecisionSize"/> pixels a side. Otsu's
/// threshold splits it into dark and light; the dark pixels connected to the image's border are the
/// surface, and the largest region left is the sheet. It counts as one when the surface reaches a fifth of the
/// border or more, and the sheet is not tiny, mostly light, nearly a rectangle at some angle (not a bold chalk 0
/// with its hole filled) and meets the surface in a sharp edge: a vignette or a soft shadow leaves a broad
/// ramp of intermediate levels, a paper's edge only a line of mixed pixels. A surface along one or two sides
/// only must meet the sheet in a sharper edge still, since the dark side of a page half in shadow looks like it.
/// </remarks>
internal static class SheetFinder
{
    /// <summary>Longest side, pixels, of the reduced image the sheet is looked for on.</summary>
    private const int DecisionSize = 256;

    /// <summary>An image whose shorter side is below this (pixels) is a cut-out, never a photographed desk.</summary>
    private const int MinSide = 64;

    /// <summary>A sheet cut out narrower or lower than this (pixels) is too small to hold a legible digit.</summary>
    private const int MinSheetSide = 24;

    /// <summary>Grey levels by which paper must be lighter than the desk.</summary>
    private const int MinContrast = 40;

    /// <summary>
    /// Share of the border's pixels that the surface must cover: a sheet may leave the frame on up to three
    /// sides, with the desk along the fourth (a page photographed close up, pushed to one side).
    /// </summary>
    private const double MinSurfaceBorder = 0.2;

    /// <summary>
    /// Share of the border's pixels from which the surface surrounds the sheet (it may leave the frame on one
    /// side). Below it the desk shows along one or two sides only, like the dark side of a page half in shadow.
    /// </summary>
    private const double SurroundingSurface = 0.6;

    /// <summary>Smallest sheet, as a share of the image's area: a sticky note photographed from afar.</summary>
    private const double MinSheetArea = 0.01;

    /// <summary>Share of the sheet's pixels that must be light: the digit on it covers a small part.</summary>
    private const double MinPaper = 0.8;

    /// <summary>
    /// Share of its smallest enclosing rectangle (at any angle) the sheet must fill: a rotated rectangle fills
    /// it, a sheet seen at a slant (a trapezium) nearly so, an ellipse (a bold chalk 0, its hole filled) only π/4.
    /// </summary>
    private const double MinRectangularity = 0.85;

    /// <summary>
    /// Surface pixels at levels partway to the paper's (more than 30 % of the way) allowed per pixel of the
    /// sheet's outline: a sharp edge has one or two mixed pixels across it, a shadow's ramp many.
    /// </summary>
    private const double MaxRampPerEdge = 2.5;

    /// <summary>
    /// <see cref="MaxRampPerEdge"/> for a surface along one or two sides only, where a shadow's edge is a
    /// straight line too. In the realistic renders, a desk along one side had 0.19 ramp pixels per outline
    /// pixel and a shadow across a page's right side 2.05 (<see cref="SheetShape.Ramp"/> over
    /// <see cref="SheetShape.Outline"/>, printed for OnDesk #336 and Shadow #287 of <c>RealisticAccuracyTests</c>
    /// at 500 per condition).
    /// </summary>
    private const double MaxRampPerEdgeOneSide = 1.0;

    private const int Surface = 1;

    /// <summary>
    /// The sheet of paper cut out of <paramref name="image"/> (grayscale, 0 = black), the surface around its
    /// rotated corners replaced by the paper's median level, and its bounds in <paramref name="image"/>'s
    /// pixels; null when the photo shows no sheet on a darker surface.
    /// </summary>
    public static (GrayImage Sheet, PixelRect Bounds)? Find(GrayImage image)
    {
        int w = image.Width, h = image.Height;
        if (Math.Min(w, h) < MinSide) return null;
        // A quick look first, at every fourth pixel of every fourth row: on a page that fills the frame or a
        // canvas, even the lightest hundredth of the image (the least a sheet may cover) is about as light as the
        // darker part of the border (its darkest tenth, which even a desk along a single side covers).
        Span<int> hist = stackalloc int[256];
        int border = PolarityDetector.Percentile(hist, BorderHistogram.Count(image, hist), MinSurfaceBorder / 2);
        if (border > 255 - MinContrast) return null; // nothing can be that much lighter than a white border
        hist.Clear();
        for (int y = 2; y < h; y += 4)
        {
            var row = image.Pixels.AsSpan(y * w, w);
            for (int x = 2; x < w; x += 4) hist[row[x]]++;
        }
        long sampled = (long)((h + 1) / 4) * ((w + 1) / 4); // rows and columns 2, 6, 10, …
        if (PolarityDetector.Percentile(hist, sampled, 1 - MinSheetArea) - border < MinContrast) return null;

        int factor = Math.Max(1, (Math.Max(w, h) + DecisionSize - 1) / DecisionSize);
        var small = factor == 1 ? image : AreaResampler.BlockReduce(image, new PixelRect(0, 0, w, h), factor);
        int sw = small.Width, sh = small.Height, n = sw * sh;
        var g = small.Pixels;
        Span<int> ways = stackalloc int[SplitHistogram.Ways * 256];
        SplitHistogram.Add(g, ways);
        hist.Clear();
        SplitHistogram.MergeInto(ways, hist);
        int t = OtsuThreshold.Compute(hist);
        if (t > 255) return null;

        // The surface: dark pixels reached from the border. Labels: 0 unvisited, 1 surface, 2… the other regions.
        var labels = new int[n];
        var queue = new int[n];
        int queued = 0;
        for (int x = 0; x < sw; x++) { Seed(x); Seed((sh - 1) * sw + x); }
        for (int y = 1; y < sh - 1; y++) { Seed(y * sw); Seed(y * sw + sw - 1); }
        // Every dark border pixel was seeded, and the flood adds no others to the border, so the seeds are
        // the surface's share of the border. (An image under three decision pixels a side, whose walk above
        // meets a pixel twice, has no sheet: one pixel inside its box there is nothing left to cut.)
        int borderPixels = 2 * (sw + sh) - 4;
        if (queued < MinSurfaceBorder * borderPixels) return null;
        Flood(labels, queue, queued, g, sw, sh, t, Surface);

        // The sheet: the largest region of everything else.
        int sheet = 0, sheetArea = 0;
        for (int p = 0, next = Surface + 1; p < n; p++)
        {
            if (labels[p] != 0) continue;
            labels[p] = next;
            queue[0] = p;
            int area = Flood(labels, queue, 1, g, sw, sh, -1, next);
            if (area > sheetArea) (sheet, sheetArea) = (next, area);
            next++;
        }
        if (sheetArea < MinSheetArea * n) return null;

        var sheetShape = new SheetShape(labels, g, sw, sh, sheet, t);
        if (sheetShape.Paper < MinPaper * sheetArea || sheetArea < MinRectangularity * sheetShape.RectangleArea) return null;
        double maxRamp = queued >= SurroundingSurface * borderPixels ? MaxRampPerEdge : MaxRampPerEdgeOneSide;
        if (sheetShape.PaperLevel - sheetShape.SurfaceLevel < MinContrast || sheetShape.Ramp > maxRamp * sheetShape.Outline) return null;

        // Cut the sheet's box, one decision pixel inside it, from the full image; the surface and the mixed
        // pixels along the paper's edge become paper.
        var box = sheetShape.Box;
        int x0 = (box.X + 1) * factor, y0 = (box.Y + 1) * factor;
        int x1 = Math.Min(w, (box.X + box.Width - 1) * factor), y1 = Math.Min(h, (box.Y + box.Height - 1) * factor);
        if (x1 - x0 < MinSheetSide || y1 - y0 < MinSheetSide) return null;
        int cw = x1 - x0, ch = y1 - y0;
        var pixels = new byte[cw * ch];
        byte paper = (byte)sheetShape.PaperLevel;
        for (int y = y0; y < y1; y++)
        {
            var row = pixels.AsSpan((y - y0) * cw, cw);
            image.Pixels.AsSpan(y * w + x0, cw).CopyTo(row);
            int dy = y / factor;
            for (int dx = x0 / factor; dx * factor < x1; dx++)
            {
                if (Inside(labels, sw, sh, dx, dy, sheet)) continue;
                int from = Math.Max(x0, dx * factor), to = Math.Min(x1, (dx + 1) * factor);
                row[(from - x0)..(to - x0)].Fill(paper);
            }
        }
        return (new GrayImage(cw, ch, pixels), new PixelRect(x0, y0, cw, ch));

        void Seed(int p)
        {
            if (labels[p] != 0 || g[p] >= t) return;
            labels[p] = Surface;
            queue[queued++] = p;
        }
    }

    /// <summary>Whether decision pixel (x, y) and its four neighbours all belong to region <paramref name="label"/>.</summary>
    private static bool Inside(int[] labels, int width, int height, int x, int y, int label) =>
        x > 0 && y > 0 && x < width - 1 && y < height - 1 && labels[y * width + x] == label
        && labels[y * width + x - 1] == label && labels[y * width + x + 1] == label
        && labels[(y - 1) * width + x] == label && labels[(y + 1) * width + x] == label;

    /// <summary>
    /// Grows the region of the <paramref name="queued"/> pixels at the front of <paramref name="queue"/>
    /// (already labelled <paramref name="label"/>) over unlabelled 4-neighbours darker than
    /// <paramref name="below"/>, or over every unlabelled neighbour when it is negative; returns its size.
    /// </summary>
    private static int Flood(int[] labels, int[] queue, int queued, byte[] g, int width, int height, int below, int label)
    {
        for (int head = 0; head < queued; head++)
        {
            int p = queue[head], x = p % width;
            if (x > 0) Visit(p - 1);
            if (x < width - 1) Visit(p + 1);
            if (p >= width) Visit(p - width);
            if (p < (height - 1) * width) Visit(p + width);
        }
        return queued;

        void Visit(int q)
        {
            if (labels[q] != 0 || (below >= 0 && g[q] >= below)) return;
            labels[q] = label;
            queue[queued++] = q;
        }
    }

    /// <summary>What the decision needs to know of the sheet's region and the surface around it.</summary>
    private sealed class SheetShape
    {
        public SheetShape(int[] labels, byte[] g, int width, int height, int sheet, int threshold)
        {
            Span<int> paperHist = stackalloc int[256], surfaceHist = stackalloc int[256];
            var left = new int[height];
            var right = new int[height];
            Array.Fill(left, -1);
            int x0 = width, y0 = height, x1 = -1, y1 = -1, paper = 0, surface = 0, outline = 0;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    int p = y * width + x;
                    if (labels[p] == Surface)
                    {
                        surfaceHist[g[p]]++;
                        surface++;
                        // The outline: surface pixels beside the sheet.
                        if ((x > 0 && labels[p - 1] == sheet) || (x < width - 1 && labels[p + 1] == sheet)
                            || (y > 0 && labels[p - width] == sheet) || (y < height - 1 && labels[p + width] == sheet)) outline++;
                        continue;
                    }
                    if (labels[p] != sheet) continue;
                    if (left[y] < 0) left[y] = x;
                    right[y] = x;
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), y);
                    if (g[p] >= threshold) { paperHist[g[p]]++; paper++; }
                }
            Paper = paper;
            Box = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
            PaperLevel = PolarityDetector.Percentile(paperHist, paper, 0.5);
            SurfaceLevel = PolarityDetector.Percentile(surfaceHist, surface, 0.5);
            RectangleArea = SmallestRectangleArea(Hull(left, right));
            // The ramp: surface pixels partway up to the paper, the surface histogram's tail above that level.
            int ramp = SurfaceLevel + (int)(0.3 * (PaperLevel - SurfaceLevel)), ramped = 0;
            foreach (int count in surfaceHist[(ramp + 1)..]) ramped += count;
            (Outline, Ramp) = (outline, ramped);
        }

        /// <summary>The sheet's light pixels (at or above the threshold).</summary>
        public int Paper { get; }

        /// <summary>The sheet's bounding box, decision pixels.</summary>
        public PixelRect Box { get; }

        /// <summary>Median level of the sheet's light pixels and of the surface.</summary>
        public int PaperLevel { get; }

        /// <inheritdoc cref="PaperLevel"/>
        public int SurfaceLevel { get; }

        /// <summary>Area of the smallest rectangle, at any angle, around the sheet's pixel squares, decision pixels.</summary>
        public double RectangleArea { get; }

        /// <summary>Surface pixels next to the sheet, and surface pixels partway up to the paper's level.</summary>
        public int Outline { get; }

        /// <inheritdoc cref="Outline"/>
        public int Ramp { get; }

        /// <summary>
        /// The convex hull, counter-clockwise, of the pixel squares of a region given by its first and last column
        /// in each row (−1 for a row it does not reach): Andrew's monotone chain over the squares' outer corners.
        /// </summary>
        private static List<(int X, int Y)> Hull(int[] left, int[] right)
        {
            var points = new List<(int X, int Y)>();
            for (int y = 0; y < left.Length; y++)
                if (left[y] >= 0) points.AddRange([(left[y], y), (left[y], y + 1), (right[y] + 1, y), (right[y] + 1, y + 1)]);
            points.Sort();
            var hull = new List<(int X, int Y)>();
            for (int pass = 0; pass < 2; pass++)
            {
                int start = hull.Count;
                foreach (var point in pass == 0 ? points : Enumerable.Reverse(points))
                {
                    while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], point) <= 0) hull.RemoveAt(hull.Count - 1);
                    hull.Add(point);
                }
                hull.RemoveAt(hull.Count - 1);
            }
            return hull;
        }

        /// <summary>
        /// Area of the smallest rectangle enclosing a convex polygon: one of its sides lies along an edge of the
        /// polygon (Freeman and Shapira 1975), so each edge's direction is tried.
        /// </summary>
        private static double SmallestRectangleArea(List<(int X, int Y)> hull)
        {
            double best = double.MaxValue;
            for (int i = 0; i < hull.Count; i++)
            {
                var (a, b) = (hull[i], hull[(i + 1) % hull.Count]);
                double ux = b.X - a.X, uy = b.Y - a.Y, length = Math.Sqrt(ux * ux + uy * uy);
                if (length == 0) continue;
                (ux, uy) = (ux / length, uy / length);
                double alongMin = double.MaxValue, alongMax = double.MinValue, acrossMin = double.MaxValue, acrossMax = double.MinValue;
                foreach (var (x, y) in hull)
                {
                    double along = x * ux + y * uy, across = -x * uy + y * ux;
                    (alongMin, alongMax) = (Math.Min(alongMin, along), Math.Max(alongMax, along));
                    (acrossMin, acrossMax) = (Math.Min(acrossMin, across), Math.Max(acrossMax, across));
                }
                best = Math.Min(best, (alongMax - alongMin) * (acrossMax - acrossMin));
            }
            return best;
        }

        private static long Cross((int X, int Y) o, (int X, int Y) a, (int X, int Y) b) =>
            (long)(a.X - o.X) * (b.Y - o.Y) - (long)(a.Y - o.Y) * (b.X - o.X);
    }
}
