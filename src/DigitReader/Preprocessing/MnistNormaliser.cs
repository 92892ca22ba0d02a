using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>
/// Turns a photo or scan of one handwritten digit into the 28 × 28 input an MNIST-trained network
/// expects, the way MNIST itself was made (LeCun et al. 1998): ink bright on black, the digit's bounding
/// box scaled so its longer side is 20 pixels (aspect ratio kept, area-filtered so strokes are
/// anti-aliased), and placed so its centre of mass is at (14, 14).
/// </summary>
/// <remarks>
/// Steps: reduce a large image to a working grayscale (integer box filter, longest side ≤
/// <see cref="MnistNormaliserOptions.MaxWorkingSize"/>, and at most half the longest side of an image of
/// 128 pixels or more unless the digit is small); decide the polarity (<see cref="PolarityDetector"/>);
/// estimate and remove the background (<see cref="BackgroundEstimator"/>), which flattens shadows and
/// normalises contrast; threshold the ink (<see cref="OtsuThreshold"/>, Otsu 1979, with a floor above the
/// noise); label connected components (<see cref="ConnectedComponents"/>); remove ruled lines
/// (<see cref="RuledLineRemover"/>); keep the digit's components (<see cref="InkSelector"/>); cut the
/// digit, from the full-resolution source when it is small at the working size; stretch its contrast so
/// stroke cores reach 1, thicken thin strokes (<see cref="StrokeThickener"/>), optionally deskew
/// (<see cref="Deskew"/>), and resample into the 28 × 28 frame (<see cref="AreaResampler"/>,
/// <see cref="CentreOfMass"/>). Deterministic and thread-safe; an instance holds only its options.
/// The per-pixel methods of these steps are compiled fully optimised on first call
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>): a process often normalises only a few images
/// (the CLI, a web request burst), and unoptimised tier-0 code would cost several times the optimised time.
/// </remarks>
public sealed class MnistNormaliser
{
    /// <summary>Side of the network's input frame, pixels.</summary>
    public const int FrameSize = 28;

    /// <summary>Longer side of the digit's bounding box inside the frame, pixels.</summary>
    public const int DigitSize = 20;

    /// <summary>Where the centre of mass is placed, in pixel-index coordinates of the frame (x and y).</summary>
    public const double Centre = 14.0;

    /// <summary>
    /// Longest side, pixels, of an image that can only be a digit cut out (a dataset's 16 × 16 or 28 × 28 digit,
    /// a form box, a thumbnail), never a photographed page with shadows along its edges.
    /// </summary>
    private const int CutOutSize = 100;

    /// <summary>At the working size a digit smaller than this (longer side, pixels) is re-cut from the source.</summary>
    private const int RecutBelow = 64;

    private readonly MnistNormaliserOptions _options;

    /// <summary>Creates a normaliser with <paramref name="options"/>, or the defaults.</summary>
    public MnistNormaliser(MnistNormaliserOptions? options = null) => _options = options ?? MnistNormaliserOptions.Default;

    /// <summary>Normalises <paramref name="image"/> (grayscale, 0 = black, 255 = white; any size).</summary>
    /// <returns>The 28 × 28 input (784 values in 0–1, row-major, ink = 1) and every intermediate image.</returns>
    /// <exception cref="NoDigitFoundException">The image holds no ink that could be a digit: blank paper, a
    /// uniform colour, an empty canvas, noise without a significant mark, or only border shadows.</exception>
    /// <remarks>
    /// A digit cropped tightly (a photo cut to the digit, a form box, a dataset that scales each digit to fill
    /// its frame) gives the background estimate blocks that are mostly ink and no paper around the digit, so
    /// it finds no digit, a digit whose box reaches two or more sides of the image, or only a piece of the
    /// digit (a stroke end at one edge, or the paper inside a loop taken for ink). Such an image is normalised
    /// set in a margin of its own paper (<see cref="WithMargin"/>), as MNIST's digits sit in a 4-pixel margin,
    /// and that result is used unless its digit reaches the edge of the framed image (the margin was taken for
    /// ink) or its ink is a hollow frame around its box (the image's own frame: an empty form box cut along
    /// its lines).
    /// An image of at most <see cref="CutOutSize"/> pixels is no photographed page, so it is read in the margin
    /// first. A larger one is read as it is, and in the margin too when that finds no digit or a digit reaching
    /// two or more sides, or whenever strokes cross all four of its sides (<see cref="TightCropDetector"/>).
    /// Otherwise not for a digit touching one side only (one that merges with a shadow along that side), nor
    /// when the only marks were border shadows or frame edges, since set in paper a shadow would pass for part
    /// of a digit.
    /// <para>A photo of a sheet of paper on a darker surface (a note on a desk) is read on the sheet alone
    /// (<see cref="SheetFinder"/>), and <see cref="NormalisedDigit.Sheet"/> says where it was; when the sheet
    /// holds no digit, the whole photo is read.</para>
    /// </remarks>
    public NormalisedDigit Normalise(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (SheetFinder.Find(image) is var (sheet, bounds))
        {
            try
            {
                return NormaliseImage(sheet) with { Sheet = bounds };
            }
            catch (NoDigitFoundException)
            {
                // Not paper after all (or blank paper beside the digit): read the whole photo.
            }
        }
        return NormaliseImage(image);
    }

    /// <summary>The reading of <see cref="Normalise"/> without the search for a sheet.</summary>
    private NormalisedDigit NormaliseImage(GrayImage image)
    {
        bool cutOut = Math.Max(image.Width, image.Height) <= CutOutSize;
        if (cutOut && TryInMargin(image) is { } digit) return digit;
        NormalisedDigit? first = null;
        NoDigitFoundException? failure = null;
        try
        {
            first = NormaliseOnce(image);
            if (cutOut || (EdgesTouched(first) < 2 && !TightCropDetector.IsCutToTheInk(image))) return first;
        }
        catch (NoDigitFoundException e)
        {
            // A shadow along an edge is not a cropped digit: framed in paper it would look like one.
            if (cutOut || (e.OnlyEdgeMarks && !TightCropDetector.IsCutToTheInk(image))) throw;
            failure = e;
        }
        return TryInMargin(image) ?? first ?? throw failure!;
    }

    /// <summary>
    /// <paramref name="image"/> normalised in a margin of its own paper, or null when that finds no digit, a
    /// digit reaching the edge of the framed image, or ink that is a hollow frame (<see cref="IsFrame"/>).
    /// </summary>
    private NormalisedDigit? TryInMargin(GrayImage image)
    {
        try
        {
            var framed = NormaliseOnce(WithMargin(image), inMargin: true);
            return EdgesTouched(framed) == 0 && !IsFrame(framed) ? framed : null;
        }
        catch (NoDigitFoundException)
        {
            return null;
        }
    }

    /// <summary>Share of a bounding box's outline that ink covers beyond which the ink may be a rectangle's frame.</summary>
    private const double FrameOutline = 0.9;

    /// <summary>
    /// Whether the digit's ink is a rectangle's frame (an empty form box cut along its lines): ink covering
    /// nearly all of its bounding box's outermost rows and columns, around an interior (the box without a
    /// quarter of its shorter side on every side) that is mostly paper. A digit meets its box only where its
    /// strokes turn; a straight stroke (a 1 two pixels wide) covers its whole outline but has no hollow inside.
    /// </summary>
    private static bool IsFrame(NormalisedDigit digit)
    {
        var (box, mask) = (digit.BoundingBox, digit.Mask);
        int covered = 0, total = 0;
        for (int x = box.X; x < box.X + box.Width; x++)
        {
            covered += (mask[x, box.Y] != 0 ? 1 : 0) + (mask[x, box.Y + box.Height - 1] != 0 ? 1 : 0);
            total += 2;
        }
        for (int y = box.Y + 1; y < box.Y + box.Height - 1; y++)
        {
            covered += (mask[box.X, y] != 0 ? 1 : 0) + (mask[box.X + box.Width - 1, y] != 0 ? 1 : 0);
            total += 2;
        }
        if (covered < FrameOutline * total) return false;
        int inset = Math.Max(1, Math.Min(box.Width, box.Height) / 4), inside = 0, inked = 0;
        for (int y = box.Y + inset; y < box.Y + box.Height - inset; y++)
            for (int x = box.X + inset; x < box.X + box.Width - inset; x++)
            {
                inside++;
                inked += mask[x, y] != 0 ? 1 : 0;
            }
        return inside > 0 && inked < 0.5 * inside;
    }

    /// <summary>How many sides of the analysed image the digit's bounding box reaches (0–4).</summary>
    private static int EdgesTouched(NormalisedDigit digit)
    {
        var (box, work) = (digit.BoundingBox, digit.Grayscale);
        return (box.X == 0 ? 1 : 0) + (box.Y == 0 ? 1 : 0) + (box.X + box.Width == work.Width ? 1 : 0) + (box.Y + box.Height == work.Height ? 1 : 0);
    }

    /// <summary>
    /// <paramref name="image"/> centred in a margin a quarter of its longer side wide, filled with the median of
    /// its outermost pixels: where a tightly cropped digit meets the edge it covers little of it, so the edge
    /// is mostly paper.
    /// </summary>
    internal static GrayImage WithMargin(GrayImage image)
    {
        int w = image.Width, h = image.Height, margin = Math.Max(2, Math.Max(w, h) / 4);
        Span<int> edge = stackalloc int[256];
        byte paper = (byte)PolarityDetector.Percentile(edge, BorderHistogram.Count(image, edge), 0.5);
        int fw = w + 2 * margin, fh = h + 2 * margin;
        var pixels = new byte[fw * fh];
        Array.Fill(pixels, paper);
        for (int y = 0; y < h; y++) image.Pixels.AsSpan(y * w, w).CopyTo(pixels.AsSpan((y + margin) * fw + margin, w));
        return new GrayImage(fw, fh, pixels);
    }

    /// <summary>
    /// One reading of <paramref name="image"/>. <paramref name="inMargin"/>: the image is set in a margin of paper
    /// (<see cref="WithMargin"/>), so a line cut off by its sides no longer reaches them and is not taken for a 1.
    /// </summary>
    /// <remarks>
    /// An image that would be analysed at full size (at most <see cref="MnistNormaliserOptions.MaxWorkingSize"/>)
    /// but is at least <see cref="HalveFrom"/> pixels is analysed at half size first, a quarter of the work:
    /// the digit is cut from the full-size image whenever it is under <see cref="RecutBelow"/> pixels at the
    /// working size, so the network still gets a digit cut at 64 pixels or more, over three times its 20. Strokes of a digit drawn small on such an image
    /// are thin at half size and may fade below the threshold, so the full-size reading is used when the
    /// halved one finds no digit or a digit under <see cref="SmallAtHalf"/> pixels.
    /// </remarks>
    private NormalisedDigit NormaliseOnce(GrayImage image, bool inMargin = false)
    {
        int longest = Math.Max(image.Width, image.Height);
        int factor = Math.Max(1, (longest + _options.MaxWorkingSize - 1) / _options.MaxWorkingSize);
        if (factor == 1 && longest >= HalveFrom)
        {
            try
            {
                var halved = NormaliseAt(image, 2, inMargin);
                if (Math.Max(halved.BoundingBox.Width, halved.BoundingBox.Height) >= SmallAtHalf) return halved;
            }
            catch (NoDigitFoundException)
            {
                // Perhaps a small digit whose strokes faded at half size: read at full size below.
            }
        }
        return NormaliseAt(image, factor, inMargin);
    }

    /// <summary>Longest side, pixels, from which an image is analysed at half size first (see <see cref="NormaliseOnce"/>).</summary>
    private const int HalveFrom = 2 * RecutBelow;

    /// <summary>
    /// Longer side, pixels at half size, of the smallest digit a half-size reading is kept for: 64 pixels at
    /// full size. On the realistic renders at a quarter of a page's size (<c>SmallDigit</c>: digits 10–20 pixels
    /// tall) a half-size reading alone found no digit in 104 of 500; with this bar they read as at full size (492).
    /// </summary>
    private const int SmallAtHalf = RecutBelow / 2;

    /// <summary>One reading of <paramref name="image"/> analysed at 1/<paramref name="factor"/> of its size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private NormalisedDigit NormaliseAt(GrayImage image, int factor, bool inMargin)
    {
        var work = factor == 1 ? image : AreaResampler.BlockReduce(image, new PixelRect(0, 0, image.Width, image.Height), factor);
        int w = work.Width, h = work.Height, n = w * h;
        var g = work.Pixels;

        var background = BackgroundEstimator.Estimate(g, w, h, out bool lightInk);
        byte[] contrast = Scratch.Rent<byte>(n, clear: false), mask = Scratch.Rent<byte>(n, clear: false);
        byte[]? removed = null; // line pixels taken out of the mask; only rented when there may be lines
        ConnectedComponents? components = null;
        try
        {
            // Ink contrast of every pixel, with the histograms for the threshold and the noise level.
            Span<int> contrastHist = stackalloc int[256];
            Span<int> deviationHist = stackalloc int[256];
            InkContrast.Measure(g, w, h, background, lightInk, contrast, contrastHist, deviationHist);
            double noise = 1.4826 * PolarityDetector.Percentile(deviationHist, n, 0.5);
            int floor = (int)Math.Ceiling(Math.Max(24, 4 * noise));
            // The strongest mark: the level reached by at least a handful of pixels (a small digit on a big page
            // covers well under 0.1% of it, so a percentile would miss it).
            int peak = 255, seen = 0;
            while (peak > 0 && (seen += contrastHist[peak]) < 8) peak--;
            if (peak < floor)
                throw new NoDigitFoundException($"No digit found: the image has no ink (strongest mark {peak}/255 above the background, noise level {noise:F1}).");
            int threshold = Math.Max(OtsuThreshold.Compute(contrastHist), floor);

            InkContrast.Threshold(contrast.AsSpan(0, n), threshold, mask);
            components = ConnectedComponents.Label(mask, contrast, w, h);
            bool linesRemoved = RuledLineRemover.MayHoldLines(components.Components, w, h)
                && RuledLineRemover.Remove(mask, removed = Scratch.Rent<byte>(n, clear: true), w, h, components.Components) > 0;
            if (linesRemoved)
            {
                components.Dispose();
                components = ConnectedComponents.Label(mask, contrast, w, h);
            }

            int peakThreshold = Math.Min(255, Math.Max(threshold, 2 * floor));
            var kept = InkSelector.Select(components.Components, w, h, peakThreshold, out string? reason, out bool onlyEdgeMarks);
            if (kept.Count == 0 && linesRemoved && !inMargin)
            {
                // The only ink was taken for a ruled line. An upright straight stroke clear of the image's sides is
                // a 1 (a ruled page keeps other ink, or its lines run to the sides): put the line pixels back.
                TensorPrimitives.BitwiseOr(mask.AsSpan(0, n), removed!.AsSpan(0, n), mask.AsSpan(0, n));
                components.Dispose();
                components = ConnectedComponents.Label(mask, contrast, w, h);
                var restored = InkSelector.Select(components.Components, w, h, peakThreshold, out _, out _);
                if (restored is [var stroke] && stroke.Height >= 2 * stroke.Width
                    && stroke.MinX > 0 && stroke.MinY > 0 && stroke.MaxX < w - 1 && stroke.MaxY < h - 1)
                {
                    kept = restored;
                    Scratch.Return(removed);
                    removed = null;
                }
            }
            if (kept.Count == 0) throw new NoDigitFoundException("No digit found: " + reason + ".") { OnlyEdgeMarks = onlyEdgeMarks };

            var keep = new bool[components.Components.Length + 1];
            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
            foreach (var c in kept)
            {
                keep[c.Label] = true;
                x0 = Math.Min(x0, c.MinX); y0 = Math.Min(y0, c.MinY); x1 = Math.Max(x1, c.MaxX); y1 = Math.Max(y1, c.MaxY);
            }
            var maskOut = new byte[n];
            // Kept components lie inside the box, so only its rows and columns need looking at; a run of ink
            // along a row is all one component.
            for (int y = y0; y <= y1; y++)
            {
                var inkRow = mask.AsSpan(y * w + x0, x1 - x0 + 1);
                for (int start = ConnectedComponents.NextRun(inkRow, 0, out int end); start >= 0; start = ConnectedComponents.NextRun(inkRow, end, out end))
                    if (keep[components.Labels[y * w + x0 + start]]) maskOut.AsSpan(y * w + x0 + start, end - start).Fill(255);
            }
            var box = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);

            var ink = CutDigit(image, work, factor, background, lightInk, maskOut, removed, box, threshold, out int cw);
            var (crop, cropWidth) = Finish(ink, cw);
            var (final, input) = Place(crop, cropWidth);
            var cropBytes = new byte[crop.Length];
            ToBytes(crop, cropBytes);
            return new NormalisedDigit
            {
                Input = input,
                Grayscale = work,
                Mask = new GrayImage(w, h, maskOut),
                Crop = new GrayImage(cropWidth, crop.Length / cropWidth, cropBytes),
                Final = new GrayImage(FrameSize, FrameSize, final),
                LightInkOnDark = lightInk,
                BoundingBox = box,
            };
        }
        finally
        {
            components?.Dispose();
            Scratch.Return(contrast);
            Scratch.Return(mask);
            Scratch.Return(removed);
        }
    }

    /// <summary>
    /// The digit's ink contrast (0–255, background 0) inside its bounding box, at the working size or, when
    /// the digit is small there, re-cut from the full-resolution source at a finer scale. Only pixels under
    /// the kept mask dilated by one working pixel (minus removed line pixels) count, so the anti-aliased
    /// edges of the strokes are kept and everything else is background.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] CutDigit(GrayImage source, GrayImage work, int factor, BackgroundEstimator background, bool lightInk,
        byte[] keptMask, byte[]? removed, PixelRect box, int threshold, out int width)
    {
        int w = work.Width, h = work.Height;
        int extent = Math.Max(box.Width, box.Height);
        // Source pixels per cut pixel: the working factor, or finer when the digit is small at the working size.
        int step = factor;
        if (factor > 1 && extent < RecutBelow) step = Math.Clamp(extent * factor / RecutBelow, 1, factor);
        int rx0 = Math.Max(0, box.X - 1), ry0 = Math.Max(0, box.Y - 1);
        int rx1 = Math.Min(w, box.X + box.Width + 1), ry1 = Math.Min(h, box.Y + box.Height + 1);
        // The region's pixels: the working image's own rows when cut at the working size, else a re-cut.
        byte[] regionPixels;
        int regionWidth, regionHeight, regionStart, regionStride;
        if (step == factor)
        {
            (regionPixels, regionWidth, regionHeight) = (work.Pixels, rx1 - rx0, ry1 - ry0);
            (regionStart, regionStride) = (ry0 * w + rx0, w);
        }
        else
        {
            int sx0 = rx0 * factor, sy0 = ry0 * factor;
            var rect = new PixelRect(sx0, sy0, Math.Min(source.Width, rx1 * factor) - sx0, Math.Min(source.Height, ry1 * factor) - sy0);
            var region = AreaResampler.BlockReduce(source, rect, step);
            (regionPixels, regionWidth, regionHeight) = (region.Pixels, region.Width, region.Height);
            (regionStart, regionStride) = (0, region.Width);
        }
        double perWork = (double)step / factor; // working pixels per region pixel
        // A re-cut region's last column or row centre can fall one working pixel past the box.
        int nx1 = Math.Min(w, rx1 + 1), ny1 = Math.Min(h, ry1 + 1);
        var near = NearKept(keptMask, removed, w, h, rx0, ry0, nx1, ny1);
        var values = Scratch.Rent<float>(regionWidth * regionHeight, clear: true);
        try
        {
            int nearWidth = nx1 - rx0;
            // Working column of each region column (the row is found per region row).
            var nearColumn = new int[regionWidth];
            for (int i = 0; i < regionWidth; i++) nearColumn[i] = Math.Min(w - 1, (int)(rx0 + (i + 0.5) * perWork)) - rx0;
            var rowBackground = new float[regionWidth];
            var nearRegion = new byte[regionWidth];
            float cut = threshold * 0.5f;
            for (int j = 0; j < regionHeight; j++)
            {
                float yc = (float)(ry0 + (j + 0.5) * perWork);
                background.FillRow(yc, (float)(rx0 + 0.5 * perWork), (float)perWork, rowBackground);
                var nearRow = near.AsSpan((Math.Min(h - 1, (int)yc) - ry0) * nearWidth, nearWidth);
                if (step == factor) nearRow[..regionWidth].CopyTo(nearRegion); // one region column per working column
                else for (int i = 0; i < regionWidth; i++) nearRegion[i] = nearRow[nearColumn[i]];
                InkContrast.CutRow(regionPixels.AsSpan(regionStart + j * regionStride, regionWidth), rowBackground, nearRegion, lightInk, cut,
                    values.AsSpan(j * regionWidth, regionWidth));
            }
            return Tighten(values, regionWidth, regionHeight, out width);
        }
        finally
        {
            Scratch.Return(near);
            Scratch.Return(values);
        }
    }

    /// <summary>The smallest rectangle of <paramref name="values"/> holding every positive value, copied out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Tighten(float[] values, int regionWidth, int regionHeight, out int width)
    {
        int bx0 = int.MaxValue, by0 = int.MaxValue, bx1 = -1, by1 = -1;
        for (int j = 0; j < regionHeight; j++)
        {
            // Values are +0 or positive, so "positive" is "not all zero bits", which the span search vectorises.
            var row = MemoryMarshal.Cast<float, int>(values.AsSpan(j * regionWidth, regionWidth));
            int first = row.IndexOfAnyExcept(0);
            if (first < 0) continue;
            bx0 = Math.Min(bx0, first); bx1 = Math.Max(bx1, row.LastIndexOfAnyExcept(0));
            by0 = Math.Min(by0, j); by1 = j;
        }
        if (bx1 < 0) throw new NoDigitFoundException("No digit found: the ink is too faint to cut out.");
        width = bx1 - bx0 + 1;
        var crop = GC.AllocateUninitializedArray<float>(width * (by1 - by0 + 1)); // every row is copied in below
        for (int j = by0; j <= by1; j++)
            Array.Copy(values, j * regionWidth + bx0, crop, (j - by0) * width, width);
        return crop;
    }

    /// <summary>
    /// Over working columns <c>rx0 … rx1 − 1</c> and rows <c>ry0 … ry1 − 1</c>: 1 where a kept pixel lies in
    /// the 3 × 3 neighbourhood and the pixel itself was not removed as part of a ruled line, else 0.
    /// The array is rented (<see cref="Scratch"/>), row-major with <c>rx1 − rx0</c> columns; the caller returns it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] NearKept(byte[] kept, byte[]? removed, int w, int h, int rx0, int ry0, int rx1, int ry1)
    {
        int bw = rx1 - rx0, bh = ry1 - ry0;
        // Horizontal 3-wide OR per working row (rows ry0 − 1 … ry1 inside the image), then vertical; the
        // mask is 0 or 255, so an OR of masks is too, and its minimum with 1 is the 0/1 answer.
        var across = Scratch.Rent<byte>((bh + 2) * bw, clear: true);
        // Columns whose left (right) neighbour is inside the image: all but the first (last) image column.
        int leftFrom = rx0 == 0 ? 1 : 0, rightTo = rx1 == w ? bw - 1 : bw;
        for (int y = Math.Max(0, ry0 - 1); y <= Math.Min(h - 1, ry1); y++)
        {
            var src = kept.AsSpan(y * w, w);
            var dst = across.AsSpan((y - ry0 + 1) * bw, bw);
            src.Slice(rx0, bw).CopyTo(dst);
            TensorPrimitives.BitwiseOr(dst[leftFrom..], src.Slice(rx0 - 1 + leftFrom, bw - leftFrom), dst[leftFrom..]);
            TensorPrimitives.BitwiseOr(dst[..rightTo], src.Slice(rx0 + 1, rightTo), dst[..rightTo]);
        }
        var near = Scratch.Rent<byte>(bh * bw, clear: false); // every byte is written below; the caller returns it
        for (int y = ry0; y < ry1; y++)
        {
            var dst = near.AsSpan((y - ry0) * bw, bw);
            TensorPrimitives.BitwiseOr(across.AsSpan((y - ry0) * bw, bw), across.AsSpan((y - ry0 + 1) * bw, bw), dst);
            TensorPrimitives.BitwiseOr(dst, across.AsSpan((y - ry0 + 2) * bw, bw), dst);
            TensorPrimitives.Min(dst, (byte)1, dst);
            var gone = removed is null ? default : removed.AsSpan(y * w + rx0, bw);
            for (int x = 0; x < gone.Length; x++) if (gone[x] != 0) dst[x] = 0;
        }
        Scratch.Return(across);
        return near;
    }

    /// <summary>Contrast stretch (stroke cores to 1, in place: <paramref name="ink"/> is overwritten), stroke thickening and the optional deskew; values in 0–1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (float[] Image, int Width) Finish(float[] ink, int width)
    {
        // Stroke core level: the 75th percentile of the clearly-inked pixels.
        Span<int> hist = stackalloc int[256];
        float max = MathF.Max(0, TensorPrimitives.Max(ink));
        int total = 0;
        float least = 0.5f * max;
        // The cut holds ink (Tighten throws otherwise, and kept values are at least the cut level), so the bar is
        // above 0 and the runs of background, most of the cut-out, can be skipped.
        var bits = MemoryMarshal.Cast<float, int>(ink.AsSpan());
        for (int i = 0; i < ink.Length; i++)
        {
            if (bits[i] == 0)
            {
                int skip = bits[i..].IndexOfAnyExcept(0);
                if (skip < 0) break;
                i += skip;
            }
            if (ink[i] >= least) { hist[(int)ink[i]]++; total++; }
        }
        float core = Math.Max(1, PolarityDetector.Percentile(hist, total, 0.75));
        var image = ink; // the cut-out is this call's own: scaled in place
        TensorPrimitives.Divide(image, core, image); // IEEE division, as the scalar ink[i] / core
        TensorPrimitives.Min(image, 1f, image);

        int height = image.Length / width;
        int extent = Math.Max(width, height);
        if (extent > DigitSize)
        {
            double scale = (double)DigitSize / extent;
            double stroke = StrokeThickener.StrokeWidth(image, width) * scale;
            int radius = (int)Math.Round((_options.MinStrokeWidth - stroke) / 2 / scale);
            if (radius >= 1) (image, width) = StrokeThickener.Dilate(image, width, radius);
            int thinning = (int)Math.Round((stroke - _options.MaxStrokeWidth) / 2 / scale);
            if (stroke > _options.MaxStrokeWidth && thinning >= 1) image = StrokeThinner.Erode(image, width, thinning);
        }
        if (_options.Deskew) (image, width) = Deskew.Apply(image, width);
        return (image, width);
    }

    /// <summary>Scales the longer side to 20 pixels and places the centre of mass at (14, 14) of the 28 × 28 frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (byte[] Final, float[] Input) Place(float[] crop, int width)
    {
        int height = crop.Length / width;
        double scale = (double)DigitSize / Math.Max(width, height);
        var (cx, cy) = CentreOfMass.Compute(crop, width);
        // Source pixel centre cx + 0.5 lands at target pixel centre Centre + 0.5.
        double ox = Centre + 0.5 - (cx + 0.5) * scale, oy = Centre + 0.5 - (cy + 0.5) * scale;
        var frame = new float[FrameSize * FrameSize];
        AreaResampler.Resample(crop, width, height, frame, FrameSize, FrameSize, scale, ox, oy);
        var final = new byte[frame.Length];
        var input = new float[frame.Length];
        ToBytes(frame, final);
        for (int i = 0; i < frame.Length; i++) input[i] = final[i] / 255f;
        return (final, input);
    }

    /// <summary><c>bytes[i] = (byte)(clamp(values[i], 0, 1) · 255 + 0.5)</c>: 0–1 values to grey levels, rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same multiply, add and truncation per value; 32 at a time, narrowed to bytes in order.
            for (; i <= values.Length - 32; i += 32)
            {
                var a = Level(values.Slice(i, 8));
                var b = Level(values.Slice(i + 8, 8));
                var c = Level(values.Slice(i + 16, 8));
                var d = Level(values.Slice(i + 24, 8));
                Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte().CopyTo(bytes.Slice(i, 32));
            }
        }
        for (; i < values.Length; i++) bytes[i] = (byte)(Math.Clamp(values[i], 0f, 1f) * 255f + 0.5f);

        static Vector256<int> Level(ReadOnlySpan<float> eight) =>
            Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(Vector256.Create(eight), Vector256<float>.Zero), Vector256<float>.One) * 255f + Vector256.Create(0.5f));
    }
}
