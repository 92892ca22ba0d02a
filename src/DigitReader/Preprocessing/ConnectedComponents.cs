using System.Runtime.CompilerServices;
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
/// <remarks>
/// The label array is rented (<see cref="Scratch"/>): dispose the result once its labels are no longer read.
/// </remarks>
internal sealed class ConnectedComponents : IDisposable
{
    /// <summary>
    /// Component label of every pixel, 0 for background; row-major, the mask's width and height (the array
    /// may be longer; the rest is unused). Valid until <see cref="Dispose"/>.
    /// </summary>
    public required int[] Labels { get; init; }

    /// <summary>The components; <c>Components[i].Label == i + 1</c>.</summary>
    public required Component[] Components { get; init; }

    /// <summary>
    /// Labels the pixels of <paramref name="mask"/> that are non-zero. <paramref name="contrast"/> (same size)
    /// gives each pixel's ink contrast, for <see cref="Component.PeakContrast"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ConnectedComponents Label(byte[] mask, byte[] contrast, int width, int height)
    {
        var labels = Scratch.Rent<int>(width * height, clear: true);
        // parent[i] is the union–find parent of provisional label i; every root is its set's smallest label,
        // so the final numbering (roots in increasing order) is the order of first appearance in the scan.
        var parent = new int[64];
        int next = 1;
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            var inkRow = mask.AsSpan(row, width);
            for (int x = 0; x < width; x++)
            {
                // Skip background quickly: most of a page is paper.
                if (inkRow[x] == 0)
                {
                    int skip = inkRow[x..].IndexOfAnyExcept((byte)0);
                    if (skip < 0) break;
                    x += skip;
                }
                int label;
                int up = y > 0 ? labels[row - width + x] : 0;
                if (up != 0)
                    label = up; // the left, up-left and up-right neighbours all touch "up", so they share its set
                else
                {
                    int left = x > 0 ? labels[row + x - 1] : 0;
                    int upLeft = y > 0 && x > 0 ? labels[row - width + x - 1] : 0;
                    int upRight = y > 0 && x < width - 1 ? labels[row - width + x + 1] : 0;
                    // "left" touches "up-left", so they are already one set; only "up-right" may join a new one.
                    int a = left != 0 ? left : upLeft;
                    if (a != 0 && upRight != 0) label = Union(parent, a, upRight);
                    else if (a != 0) label = a;
                    else if (upRight != 0) label = upRight;
                    else
                    {
                        if (next == parent.Length) Array.Resize(ref parent, 2 * parent.Length);
                        parent[next] = next;
                        label = next++;
                    }
                }
                labels[row + x] = label;
            }
        }
        // Flatten the equivalences into consecutive final labels.
        var final = new int[next];
        int count = 0;
        for (int i = 1; i < next; i++)
        {
            int root = Find(parent, i);
            final[i] = root == i ? ++count : final[root];
        }
        var area = new int[count + 1];
        var minX = new int[count + 1];
        var minY = new int[count + 1];
        var maxX = new int[count + 1];
        var maxY = new int[count + 1];
        var peak = new int[count + 1];
        Array.Fill(minX, int.MaxValue);
        Array.Fill(minY, int.MaxValue);
        Array.Fill(maxX, -1);
        Array.Fill(maxY, -1);
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            var labelRow = labels.AsSpan(row, width);
            for (int x = 0; x < width; x++)
            {
                if (labelRow[x] == 0)
                {
                    int skip = labelRow[x..].IndexOfAnyExcept(0);
                    if (skip < 0) break;
                    x += skip;
                }
                int l = final[labelRow[x]];
                labelRow[x] = l;
                area[l]++;
                if (x < minX[l]) minX[l] = x;
                if (x > maxX[l]) maxX[l] = x;
                if (y < minY[l]) minY[l] = y;
                maxY[l] = y;
                if (contrast[row + x] > peak[l]) peak[l] = contrast[row + x];
            }
        }
        var components = new Component[count];
        for (int i = 0; i < count; i++)
        {
            int l = i + 1;
            components[i] = new Component { Label = l, Area = area[l], MinX = minX[l], MinY = minY[l], MaxX = maxX[l], MaxY = maxY[l], PeakContrast = peak[l] };
        }
        return new ConnectedComponents { Labels = labels, Components = components };
    }

    /// <summary>Returns the label array to the pool.</summary>
    public void Dispose()
    {
        // Returning an array twice would hand it to two renters at once.
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Scratch.Return(Labels);
    }

    private int _disposed;

    /// <summary>Joins the sets of labels <paramref name="a"/> and <paramref name="b"/>; returns the root, the smaller of the two roots.</summary>
    private static int Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a == b) return a;
        if (a < b) { parent[b] = a; return a; }
        parent[a] = b;
        return b;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
