namespace DigitReader.Preprocessing;

/// <summary>
/// Chooses which connected components are the digit. Drops specks (tiny components) and border
/// artefacts (a shadow or frame edge: a component in a corner, or a band along a side), takes the largest
/// remaining component as the main stroke and adds the components near its bounding box that are big
/// enough to be parts of the same digit (a detached hat of a 5, the pieces of a broken 4).
/// </summary>
internal static class InkSelector
{
    /// <summary>Smallest main component, pixels at the working size.</summary>
    private const int MinMainArea = 12;
    /// <summary>Smallest main component's longer bounding-box side, pixels at the working size.</summary>
    private const int MinMainExtent = 6;

    /// <summary>
    /// Returns the labels (1-based) of the kept components, or an empty list with a reason when nothing
    /// qualifies as a digit (<paramref name="onlyEdgeMarks"/>: every mark was a border artefact).
    /// <paramref name="peakThreshold"/> is the contrast (0–255) a component must reach.
    /// </summary>
    public static List<Component> Select(Component[] components, int width, int height, int peakThreshold, out string? reason, out bool onlyEdgeMarks)
    {
        reason = null;
        onlyEdgeMarks = false;
        int minArea = Math.Max(3, (int)(width * (long)height / 20000));
        Component? main = null, cropped = null;
        int artefacts = 0;
        foreach (var c in components)
        {
            if (c.Area < minArea || c.PeakContrast < peakThreshold) continue;
            if (IsBorderArtefact(c, width, height))
            {
                artefacts++;
                // A digit cropped tightly touches two sides too, but then it spans most of the image.
                if (c.Width >= width / 2 && c.Height >= height / 2 && !IsBand(c, width, height) && (cropped is null || c.Area > cropped.Area)) cropped = c;
                continue;
            }
            if (main is null || c.Area > main.Area) main = c;
        }
        // Only when nothing inside qualifies, or what is inside is a speck beside a strong mark at the border.
        if (main is null || (cropped is not null && cropped.Area > 20 * main.Area && cropped.PeakContrast >= main.PeakContrast)) main = cropped ?? main;
        if (main is null || main.Area < MinMainArea || Math.Max(main.Width, main.Height) < MinMainExtent)
        {
            onlyEdgeMarks = main is null && artefacts > 0;
            reason = main is null
                ? artefacts > 0 ? "only border shadows or edges were found, no ink inside the image" : "the image holds no ink (blank or uniform)"
                : $"the largest ink mark is only {main.Area} pixels, too small to be a digit";
            return [];
        }
        var kept = new List<Component> { main };
        int x0 = main.MinX, y0 = main.MinY, x1 = main.MaxX, y1 = main.MaxY;
        int mainExtent = Math.Max(main.Width, main.Height);
        double reach = 0.5 * mainExtent + 2;
        int partArea = Math.Max(minArea, main.Area / 50);
        var used = new bool[components.Length + 1];
        used[main.Label] = true;
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var c in components)
            {
                if (used[c.Label] || c.Area < partArea || c.PeakContrast < peakThreshold || c.Area > main.Area) continue;
                if (IsBorderArtefact(c, width, height) && c != main) continue;
                double gapX = Math.Max(0, Math.Max(c.MinX - x1, x0 - c.MaxX));
                double gapY = Math.Max(0, Math.Max(c.MinY - y1, y0 - c.MaxY));
                if (gapX > reach || gapY > reach) continue;
                int nx0 = Math.Min(x0, c.MinX), ny0 = Math.Min(y0, c.MinY), nx1 = Math.Max(x1, c.MaxX), ny1 = Math.Max(y1, c.MaxY);
                // A part must not make the digit much larger than its main stroke.
                if (Math.Max(nx1 - nx0 + 1, ny1 - ny0 + 1) > 2.0 * mainExtent) continue;
                used[c.Label] = true;
                kept.Add(c);
                (x0, y0, x1, y1) = (nx0, ny0, nx1, ny1);
                grew = true;
            }
        }
        return kept;
    }

    /// <summary>
    /// A shadow, frame edge or vignette corner: a component touching two adjacent sides, or a band lying
    /// along a side (spanning most of it while thin across).
    /// </summary>
    internal static bool IsBorderArtefact(Component c, int width, int height)
    {
        bool left = c.MinX == 0, right = c.MaxX == width - 1, top = c.MinY == 0, bottom = c.MaxY == height - 1;
        if (!(left || right || top || bottom)) return false;
        if ((left || right) && (top || bottom)) return true;
        return IsBand(c, width, height);
    }

    /// <summary>A band along a side it touches: spanning most of that side while thin across.</summary>
    private static bool IsBand(Component c, int width, int height)
    {
        bool left = c.MinX == 0, right = c.MaxX == width - 1, top = c.MinY == 0, bottom = c.MaxY == height - 1;
        if ((left || right) && c.Height >= 0.6 * height && c.Width < 0.35 * width) return true;
        if ((top || bottom) && c.Width >= 0.6 * width && c.Height < 0.35 * height) return true;
        // A shadow's edge that left the very border as background: spanning side to side near one side.
        if (top && bottom && (c.MaxX < 0.3 * width || c.MinX > 0.7 * width)) return true;
        if (left && right && (c.MaxY < 0.3 * height || c.MinY > 0.7 * height)) return true;
        return false;
    }
}
