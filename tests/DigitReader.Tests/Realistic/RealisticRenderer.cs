using DigitReader.Imaging;

namespace DigitReader.Tests.Realistic;

/// <summary>A rendered photo/scan of one MNIST test digit and how to encode it as a file.</summary>
public sealed record RealisticSample(RealisticCondition Condition, int MnistIndex, int Label, RgbaImage Image, int JpegQuality, bool HasAlpha)
{
    /// <summary>The file a user would upload: JPEG when <see cref="JpegQuality"/> &gt; 0, else PNG (RGBA for a canvas, RGB otherwise).</summary>
    public byte[] EncodeFile()
    {
        if (JpegQuality > 0) return JpegTool.Encode(Image, JpegQuality);
        if (HasAlpha) return PngEncoder.Encode(Image.Width, Image.Height, 4, Image.Pixels);
        var rgb = new byte[Image.Width * Image.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = Image.Pixels[i]; rgb[j + 1] = Image.Pixels[i + 1]; rgb[j + 2] = Image.Pixels[i + 2];
        }
        return PngEncoder.Encode(Image.Width, Image.Height, 3, rgb);
    }

    /// <summary>
    /// The grayscale the normaliser would get, without the product's decoders: JPEG samples go through
    /// cjpeg and djpeg so their artefacts are real; the others are converted directly.
    /// </summary>
    public GrayImage GrayWithoutProductDecoder() => JpegQuality > 0 ? JpegTool.Decode(EncodeFile()).ToGray() : Image.ToGray();
}

/// <summary>
/// Renders MNIST test digits as photos and scans, deterministically from a seed: the 28 × 28 digit is
/// enlarged with bilinear interpolation and a smooth threshold (a pen stroke with soft, anti-aliased
/// edges), placed on a page through a rotation/shear/scale transform and composited over paper, lines,
/// illumination, specks and noise according to the <see cref="RealisticCondition"/>.
/// </summary>
public static class RealisticRenderer
{
    private static readonly float[] NormalTable = BuildNormalTable();

    /// <summary>The index into <see cref="MnistTestDigits"/> of sample <paramref name="i"/> of a condition (spread over all of them).</summary>
    public static int MnistIndexFor(RealisticCondition condition, int i) => (int)((i * 7919L + (int)condition * 613L + 17) % MnistTestDigits.Images.Count);

    /// <summary>
    /// Renders sample <paramref name="i"/> of <paramref name="condition"/>. <paramref name="pageScale"/> &lt; 1
    /// renders the same photo at a lower resolution (page, digit, lines, specks and shadow edges all shrink
    /// together, so the digit keeps its size relative to the page): rendering cost falls with its square,
    /// and the random draws are unchanged, so scale 1 gives exactly the full-size images.
    /// </summary>
    public static RealisticSample Render(RealisticCondition condition, int i, int seed = 1234, double pageScale = 1)
    {
        int index = MnistIndexFor(condition, i);
        var rng = new Random(seed * 1_000_003 + (int)condition * 100_003 + i);
        var digit = MnistTestDigits.Images.Image(index).ToArray();
        int label = MnistTestDigits.Labels[index];
        return condition == RealisticCondition.TransparentPng
            ? RenderCanvas(condition, index, label, digit, rng, pageScale)
            : RenderPage(condition, index, label, digit, rng, pageScale);
    }

    private static RealisticSample RenderCanvas(RealisticCondition condition, int index, int label, byte[] digit, Random rng, double s)
    {
        int size = (int)Math.Round(rng.Next(280, 561) * s);
        var t = new Transform(size / 2.0 + Uniform(rng, -0.05, 0.05) * size, size / 2.0 + Uniform(rng, -0.05, 0.05) * size,
            Uniform(rng, 0.5, 0.8) * size / 20, Uniform(rng, -2, 2), 0, 1, 0);
        float r = rng.Next(0, 40), g = rng.Next(0, 40), b = rng.Next(0, 80);
        var px = new byte[size * size * 4];
        var (x0, y0, x1, y1) = t.PageBox(size, size);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                float a = Stroke(digit, t, x, y, 0.3f, 0.6f);
                if (a <= 0) continue;
                int o = (y * size + x) * 4;
                px[o] = (byte)r; px[o + 1] = (byte)g; px[o + 2] = (byte)b; px[o + 3] = (byte)(a * 255 + 0.5f);
            }
        return new RealisticSample(condition, index, label, new RgbaImage(size, size, px), 0, true);
    }

    private static RealisticSample RenderPage(RealisticCondition condition, int index, int label, byte[] digit, Random rng, double s)
    {
        bool small = condition == RealisticCondition.SmallDigit;
        int fullWidth = small ? 1600 : rng.Next(800, 1601);
        double digitHeight = (small ? rng.Next(40, 81) : Math.Min(rng.Next(100, 601), 0.8 * (fullWidth * 3 / 4))) * s;
        int width = (int)Math.Round(fullWidth * s), height = width * 3 / 4;
        double scale = digitHeight / 20;
        double half = 14 * scale;
        double cx, cy;
        if (condition == RealisticCondition.OffCentre)
        {
            cx = Uniform(rng, Math.Min(half, width / 2.0), Math.Max(width - half, width / 2.0));
            cy = Uniform(rng, Math.Min(half, height / 2.0), Math.Max(height - half, height / 2.0));
        }
        else
        {
            cx = width / 2.0 + Uniform(rng, -0.08, 0.08) * width;
            cy = height / 2.0 + Uniform(rng, -0.08, 0.08) * height;
        }
        var t = condition == RealisticCondition.RotationSkew
            ? new Transform(cx, cy, scale, Uniform(rng, -12, 12), Uniform(rng, -0.25, 0.25), Uniform(rng, 0.8, 1.2), Uniform(rng, -0.15, 0.15))
            : new Transform(cx, cy, scale, Uniform(rng, -2, 2), 0, 1, 0);

        // Paper, ink and stroke profile.
        float[] paper = condition switch
        {
            RealisticCondition.YellowPaper => [rng.Next(245, 256), rng.Next(228, 246), rng.Next(165, 206)],
            RealisticCondition.Chalk => [rng.Next(30, 60), rng.Next(45, 75), rng.Next(40, 60)],
            _ => Grey(rng.Next(232, 256), rng, 6),
        };
        float[] ink = condition switch
        {
            RealisticCondition.BlueInk => [rng.Next(15, 50), rng.Next(30, 75), rng.Next(120, 200)],
            RealisticCondition.Pencil => Grey(rng.Next(100, 160), rng, 4),
            RealisticCondition.Chalk => Grey(rng.Next(215, 246), rng, 4),
            RealisticCondition.Marker => Grey(rng.Next(5, 35), rng, 10),
            _ => Grey(rng.Next(0, 90), rng, 20),
        };
        (float lo, float hi) = condition switch
        {
            RealisticCondition.Marker => (0.02f, 0.12f),
            RealisticCondition.FinePen => (0.62f, 0.8f),
            RealisticCondition.Pencil => (0.35f, 0.7f),
            _ => (0.3f, 0.6f),
        };
        if (condition == RealisticCondition.Marker) digit = Dilate(digit);
        bool grain = condition is RealisticCondition.Pencil or RealisticCondition.Chalk;

        // Ruled lines: y position (at x = 0), slope, thickness, colour.
        var lines = new List<(double Y, double Slope, double Thickness, float[] Colour)>();
        double marginX = -1;
        if (condition == RealisticCondition.RuledLines)
        {
            double spacing = Math.Clamp(digitHeight * Uniform(rng, 0.3, 0.7), 18 * s, 80 * s);
            float[] colour = rng.Next(2) == 0 ? [rng.Next(140, 190), rng.Next(170, 210), rng.Next(215, 245)] : Grey(rng.Next(140, 200), rng, 0);
            double slope = Math.Tan(Uniform(rng, -0.6, 0.6) * Math.PI / 180), thickness = Uniform(rng, 1, 3.2) * s;
            for (double y = Uniform(rng, 0, spacing); y < height; y += spacing) lines.Add((y, slope, thickness, colour));
            if (rng.Next(3) == 0) marginX = Uniform(rng, 0.08, 0.2) * width;
        }

        // Illumination.
        int shadowMode = condition == RealisticCondition.Shadow ? rng.Next(4) : -1;
        double strength = Uniform(rng, 0.3, 0.55), angle = Uniform(rng, 0, 2 * Math.PI);
        double dirX = Math.Cos(angle), dirY = Math.Sin(angle);
        double edgeOffset = Uniform(rng, -0.3, 0.3) * Math.Min(width, height), edgeWidth = Uniform(rng, 15, 80) * s;
        int bandSide = rng.Next(4);
        double bandWidth = Uniform(rng, 0.05, 0.15) * Math.Min(width, height);
        double Illumination(int x, int y)
        {
            double dx = x - width / 2.0, dy = y - height / 2.0;
            return shadowMode switch
            {
                0 => 1 - strength * (0.5 + (dx * dirX + dy * dirY) / Math.Sqrt(width * width + height * height)),
                1 => 1 - strength * 1.3 * (dx * dx + dy * dy) / (width * width / 4.0 + height * height / 4.0),
                2 => 1 - strength / (1 + Math.Exp(-(dx * dirX + dy * dirY - edgeOffset) / edgeWidth)),
                3 => 1 - 0.6 / (1 + Math.Exp(((bandSide switch { 0 => x, 1 => width - x, 2 => y, _ => height - y }) - bandWidth) / (10 * s))),
                _ => 1,
            };
        }

        // Specks: centre, radius, darkness.
        var specks = new List<(double X, double Y, double R)>();
        if (condition == RealisticCondition.Specks)
        {
            int count = rng.Next(20, 80);
            for (int k = 0; k < count; k++)
            {
                bool near = k < 6;
                double sx = near ? cx + Uniform(rng, -1.3, 1.3) * half : Uniform(rng, 0, width);
                double sy = near ? cy + Uniform(rng, -1.3, 1.3) * half : Uniform(rng, 0, height);
                specks.Add((sx, sy, Uniform(rng, 0.7, 3.5) * s));
            }
        }
        double noiseSigma = condition switch { RealisticCondition.Noise => Uniform(rng, 6, 18), RealisticCondition.Jpeg => 2, _ => 0 };
        int noiseOffset = rng.Next(NormalTable.Length);
        int jpegQuality = condition == RealisticCondition.Jpeg ? rng.Next(40, 91) : 0;
        Sheet? sheet = null;
        float[] desk = [];
        if (condition == RealisticCondition.OnDesk)
        {
            double hx = digitHeight * Uniform(rng, 0.8, 1.5), hy = digitHeight * Uniform(rng, 0.8, 1.5);
            double theta = Uniform(rng, -15, 15) * Math.PI / 180;
            sheet = new Sheet(cx + Uniform(rng, -0.3, 0.3) * (hx - 0.6 * digitHeight), cy + Uniform(rng, -0.3, 0.3) * (hy - 0.6 * digitHeight),
                hx, hy, Math.Cos(theta), Math.Sin(theta));
            desk = rng.Next(3) switch
            {
                0 => [rng.Next(110, 171), rng.Next(70, 121), rng.Next(35, 81)], // wood
                1 => Grey(rng.Next(120, 181), rng, 8),
                _ => Grey(rng.Next(25, 71), rng, 8),
            };
        }

        var px = new byte[width * height * 4];
        var (bx0, by0, bx1, by1) = t.PageBox(width, height);
        Span<float> c = stackalloc float[3];
        for (int y = 0; y < height; y++)
        {
            bool inDigitRows = y >= by0 && y < by1;
            for (int x = 0; x < width; x++)
            {
                c[0] = paper[0]; c[1] = paper[1]; c[2] = paper[2];
                if (sheet is { } onDesk && onDesk.Coverage(x, y) is var covered and < 1)
                {
                    float streak = 1 + 0.08f * (Hash01(x / 3, y) - 0.5f); // streaks along the desk's grain
                    for (int k = 0; k < 3; k++) c[k] = desk[k] * streak * (1 - covered) + paper[k] * covered;
                }
                foreach (var line in lines)
                {
                    double d = Math.Abs(y + 0.5 - (line.Y + line.Slope * x));
                    double a = Math.Clamp(line.Thickness / 2 + 0.5 - d, 0, 1);
                    if (a > 0) Blend(c, line.Colour, (float)a);
                }
                if (marginX >= 0)
                {
                    double a = Math.Clamp(1.5 - Math.Abs(x + 0.5 - marginX), 0, 1);
                    if (a > 0) Blend(c, MarginRed, (float)a);
                }
                if (inDigitRows && x >= bx0 && x < bx1)
                {
                    float a = Stroke(digit, t, x, y, lo, hi);
                    if (a > 0)
                    {
                        if (grain) a *= 0.55f + 0.45f * Hash01(x, y);
                        Blend(c, ink, a);
                    }
                }
                foreach (var speck in specks)
                {
                    double d = Math.Sqrt((x + 0.5 - speck.X) * (x + 0.5 - speck.X) + (y + 0.5 - speck.Y) * (y + 0.5 - speck.Y));
                    double a = Math.Clamp(speck.R + 0.5 - d, 0, 1);
                    if (a > 0) Blend(c, SpeckGrey, (float)a);
                }
                float light = shadowMode >= 0 ? (float)Illumination(x, y) : 1f;
                int o = (y * width + x) * 4;
                for (int k = 0; k < 3; k++)
                {
                    float v = c[k] * light;
                    if (noiseSigma > 0) v += (float)noiseSigma * NormalTable[(Hash(x * 3 + k, y) + noiseOffset) & 0xFFFF];
                    px[o + k] = (byte)Math.Clamp((int)(v + 0.5f), 0, 255);
                }
                px[o + 3] = 255;
            }
        }
        return new RealisticSample(condition, index, label, new RgbaImage(width, height, px), jpegQuality, false);
    }

    /// <summary>A sheet of paper: centre, half-width and half-height, pixels, and its rotation's cosine and sine.</summary>
    private readonly record struct Sheet(double Cx, double Cy, double HalfWidth, double HalfHeight, double Cos, double Sin)
    {
        /// <summary>How much of page pixel (x, y) the sheet covers, 0–1, anti-aliased over one pixel.</summary>
        public float Coverage(int x, int y)
        {
            double dx = x + 0.5 - Cx, dy = y + 0.5 - Cy;
            double u = Math.Abs(Cos * dx + Sin * dy), v = Math.Abs(-Sin * dx + Cos * dy);
            return (float)Math.Clamp(Math.Min(HalfWidth - u, HalfHeight - v) + 0.5, 0, 1);
        }
    }

    /// <summary>Page → MNIST coordinates: translation, rotation, shear, aspect and a perspective-like taper.</summary>
    private readonly record struct Transform(double Cx, double Cy, double Scale, double RotationDegrees, double Shear, double Aspect, double Taper)
    {
        public (double U, double V) ToDigit(double px, double py)
        {
            double th = RotationDegrees * Math.PI / 180, cos = Math.Cos(th), sin = Math.Sin(th);
            double dx = px - Cx, dy = py - Cy;
            double rx = cos * dx + sin * dy, ry = -sin * dx + cos * dy;
            double v = ry / Scale;
            double u = (rx / Scale - Shear * v) / Aspect / (1 + Taper * v / 14);
            return (14 + u, 14 + v);
        }

        /// <summary>A page box that holds the whole 28 × 28 digit square, clipped to the page.</summary>
        public (int X0, int Y0, int X1, int Y1) PageBox(int width, int height)
        {
            double r = 14 * Scale * Math.Max(1, Aspect) * (1 + Math.Abs(Taper)) * (1 + Math.Abs(Shear)) * 1.45 + 2;
            return (Math.Max(0, (int)(Cx - r)), Math.Max(0, (int)(Cy - r)), Math.Min(width, (int)(Cx + r) + 1), Math.Min(height, (int)(Cy + r) + 1));
        }
    }

    /// <summary>Ink coverage 0–1 at page pixel (x, y): bilinear MNIST value through a smooth threshold.</summary>
    private static float Stroke(byte[] digit, Transform t, int x, int y, float lo, float hi)
    {
        var (u, v) = t.ToDigit(x + 0.5, y + 0.5);
        u -= 0.5; v -= 0.5;
        int u0 = (int)Math.Floor(u), v0 = (int)Math.Floor(v);
        if (u0 < -1 || v0 < -1 || u0 > 27 || v0 > 27) return 0;
        float fu = (float)(u - u0), fv = (float)(v - v0);
        float Px(int i, int j) => i < 0 || j < 0 || i > 27 || j > 27 ? 0 : digit[j * 28 + i] / 255f;
        float val = (Px(u0, v0) * (1 - fu) + Px(u0 + 1, v0) * fu) * (1 - fv) + (Px(u0, v0 + 1) * (1 - fu) + Px(u0 + 1, v0 + 1) * fu) * fv;
        float s = Math.Clamp((val - lo) / (hi - lo), 0, 1);
        return s * s * (3 - 2 * s);
    }

    private static byte[] Dilate(byte[] digit)
    {
        var result = new byte[digit.Length];
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                int m = digit[y * 28 + x];
                if (x > 0) m = Math.Max(m, digit[y * 28 + x - 1] * 3 / 4);
                if (x < 27) m = Math.Max(m, digit[y * 28 + x + 1] * 3 / 4);
                if (y > 0) m = Math.Max(m, digit[(y - 1) * 28 + x] * 3 / 4);
                if (y < 27) m = Math.Max(m, digit[(y + 1) * 28 + x] * 3 / 4);
                result[y * 28 + x] = (byte)m;
            }
        return result;
    }

    private static void Blend(Span<float> c, float[] colour, float a)
    {
        for (int k = 0; k < 3; k++) c[k] += (colour[k] - c[k]) * a;
    }

    private static float[] Grey(int level, Random rng, int tint) =>
        [Math.Clamp(level + rng.Next(-tint, tint + 1), 0, 255), Math.Clamp(level + rng.Next(-tint, tint + 1), 0, 255), Math.Clamp(level + rng.Next(-tint, tint + 1), 0, 255)];

    private static double Uniform(Random rng, double a, double b) => a + (b - a) * rng.NextDouble();

    private static readonly float[] MarginRed = [225, 120, 125], SpeckGrey = [40, 40, 40];

    private static float Hash01(int x, int y) => (Hash(x, y) & 0xFFFF) / 65535f;

    private static int Hash(int x, int y)
    {
        uint h = (uint)(x * 73856093) ^ (uint)(y * 19349663);
        h ^= h >> 13; h *= 0x5bd1e995; h ^= h >> 15;
        return (int)(h & 0x7FFFFFFF);
    }

    private static float[] BuildNormalTable()
    {
        var rng = new Random(42);
        var table = new float[1 << 16];
        for (int i = 0; i < table.Length; i++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            table[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return table;
    }
}
