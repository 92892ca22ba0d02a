namespace DigitReader.Preprocessing;

/// <summary>One connected component of a binary mask: its area, bounding box and where it touches the border.</summary>
internal sealed class Component
{
    /// <summary>Label in <see cref="ConnectedComponents.Labels"/> (1-based).</summary>
    public int Label;
    /// <summary>Number of pixels.</summary>
    public int Area;
    /// <summary>Inclusive bounding box, pixels.</summary>
    public int MinX = int.MaxValue, MinY = int.MaxValue, MaxX = -1, MaxY = -1;
    /// <summary>Largest ink contrast among the component's pixels (0–255).</summary>
    public int PeakContrast;

    /// <summary>Bounding-box width, pixels.</summary>
    public int Width => MaxX - MinX + 1;
    /// <summary>Bounding-box height, pixels.</summary>
    public int Height => MaxY - MinY + 1;
}

/// <summary>
/// Labels the 8-connected components of a binary mask with the classic two-pass algorithm and a
/// union–find table of label equivalences (Rosenfeld &amp; Pfaltz 1966).
/// </summary>
internal sealed class ConnectedComponents
{
    /// <summary>Component label of every pixel, 0 for background; row-major, the mask's size.</summary>
    public required int[] Labels { get; init; }

    /// <summary>The components; <c>Components[i].Label == i + 1</c>.</summary>
    public required Component[] Components { get; init; }

    /// <summary>
    /// Labels the pixels of <paramref name="mask"/> that are non-zero. <paramref name="contrast"/> (same size)
    /// gives each pixel's ink contrast, for <see cref="Component.PeakContrast"/>.
    /// </summary>
    public static ConnectedComponents Label(byte[] mask, byte[] contrast, int width, int height)
    {
        var labels = new int[width * height];
        var parent = new List<int> { 0 };
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                if (mask[row + x] == 0) continue;
                int best = 0;
                // Already-visited 8-neighbours: left, up-left, up, up-right.
                if (x > 0) best = Merge(parent, best, labels[row + x - 1]);
                if (y > 0)
                {
                    int up = row - width + x;
                    if (x > 0) best = Merge(parent, best, labels[up - 1]);
                    best = Merge(parent, best, labels[up]);
                    if (x < width - 1) best = Merge(parent, best, labels[up + 1]);
                }
                if (best == 0)
                {
                    best = parent.Count;
                    parent.Add(best);
                }
                labels[row + x] = best;
            }
        }
        // Flatten the equivalences into consecutive final labels.
        var final = new int[parent.Count];
        int count = 0;
        for (int i = 1; i < parent.Count; i++)
        {
            int root = Find(parent, i);
            if (root == i) final[i] = ++count;
        }
        for (int i = 1; i < parent.Count; i++) final[i] = final[Find(parent, i)];
        var components = new Component[count];
        for (int i = 0; i < count; i++) components[i] = new Component { Label = i + 1 };
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                int l = labels[row + x];
                if (l == 0) continue;
                l = final[l];
                labels[row + x] = l;
                var c = components[l - 1];
                c.Area++;
                if (x < c.MinX) c.MinX = x;
                if (x > c.MaxX) c.MaxX = x;
                if (y < c.MinY) c.MinY = y;
                if (y > c.MaxY) c.MaxY = y;
                if (contrast[row + x] > c.PeakContrast) c.PeakContrast = contrast[row + x];
            }
        }
        return new ConnectedComponents { Labels = labels, Components = components };
    }

    private static int Merge(List<int> parent, int current, int neighbour)
    {
        if (neighbour == 0) return current;
        int b = Find(parent, neighbour);
        if (current == 0) return b;
        int a = Find(parent, current);
        if (a == b) return a;
        // Keep the smaller root so labels stay in scan order.
        if (a < b) { parent[b] = a; return a; }
        parent[a] = b;
        return b;
    }

    private static int Find(List<int> parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
