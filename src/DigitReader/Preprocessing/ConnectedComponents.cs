using System.Numerics.Tensors;
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
    /// <remarks>
    /// Works on runs of ink along a row: a run is one component, touching (8-connected) the runs of the row
    /// above that overlap columns <c>start − 1 … end</c>, and takes a new provisional label when it touches
    /// none. A component's smallest provisional label is the one made at its first run in the scan, so the
    /// final numbering is by each component's first pixel in row-major order, as a pixel-by-pixel scan gives.
    /// </remarks>
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
            for (int start = NextRun(inkRow, 0, out int end); start >= 0; start = NextRun(inkRow, end, out end))
            {
                int label = 0;
                if (y > 0)
                {
                    // The upper neighbours of the run: columns start − 1 … end, clipped to the image. Each run of
                    // ink above carries one label, so one look per run is enough.
                    int from = Math.Max(0, start - 1), to = Math.Min(width - 1, end);
                    var inkAbove = mask.AsSpan(row - width + from, to - from + 1);
                    for (int s = NextRun(inkAbove, 0, out int e); s >= 0; s = NextRun(inkAbove, e, out e))
                    {
                        int upper = labels[row - width + from + s];
                        label = label == 0 ? upper : Union(parent, label, upper);
                    }
                }
                if (label == 0)
                {
                    if (next == parent.Length) Array.Resize(ref parent, 2 * parent.Length);
                    parent[next] = next;
                    label = next++;
                }
                labels.AsSpan(row + start, end - start).Fill(label);
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
            var inkRow = mask.AsSpan(row, width);
            for (int start = NextRun(inkRow, 0, out int end); start >= 0; start = NextRun(inkRow, end, out end))
            {
                int l = final[labels[row + start]];
                labels.AsSpan(row + start, end - start).Fill(l);
                area[l] += end - start;
                minX[l] = Math.Min(minX[l], start);
                maxX[l] = Math.Max(maxX[l], end - 1);
                minY[l] = Math.Min(minY[l], y);
                maxY[l] = y;
                peak[l] = Math.Max(peak[l], TensorPrimitives.Max<byte>(contrast.AsSpan(row + start, end - start)));
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

    /// <summary>
    /// The first run of non-zero bytes of <paramref name="row"/> at or after <paramref name="from"/>: its start,
    /// and in <paramref name="end"/> the index after its last byte; −1 when there is none.
    /// </summary>
    internal static int NextRun(ReadOnlySpan<byte> row, int from, out int end)
    {
        end = row.Length;
        int skip = from < row.Length ? row[from..].IndexOfAnyExcept((byte)0) : -1;
        if (skip < 0) return -1;
        int start = from + skip;
        int length = row[start..].IndexOf((byte)0);
        if (length >= 0) end = start + length;
        return start;
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
