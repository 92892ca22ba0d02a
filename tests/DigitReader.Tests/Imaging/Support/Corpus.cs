using Xunit;
using DigitReader.Imaging;

namespace DigitReader.Tests.Imaging.Support;

/// <summary>One file of the test corpus, with ImageMagick's decode of it as the reference.</summary>
internal sealed record CorpusFile(string Name, ImageFormat Format, int Width, int Height, string Path)
{
    /// <summary>ImageMagick's 8-bit RGBA decode of the file.</summary>
    public byte[] Reference { get; set; } = [];

    /// <summary>Checks that the generated file really has the feature it stands for (colour type, bit count…).</summary>
    public Action<byte[]>? Verify { get; init; }

    /// <summary>For 32-bit BI_RGB BMPs, where ImageMagick reads the unused byte as alpha and we do not.</summary>
    public bool CompareColourOnly { get; init; }

    public byte[] Bytes => File.ReadAllBytes(Path);

    public override string ToString() => Name;
}

/// <summary>
/// The verification corpus, generated once per test run into a temporary directory: PNG, BMP and Netpbm files
/// written by ImageMagick from seeded pixels, plus hand-made files for layouts ImageMagick does not write.
/// </summary>
internal sealed class Corpus
{
    private static readonly Lazy<Corpus> Shared = new(() => new Corpus());

    /// <summary>The corpus's list of files; <see cref="Get"/> generates them (a few seconds, once).</summary>
    public static Corpus Instance => Shared.Value;

    public static readonly (int Width, int Height)[] Sizes = [(1, 1), (17, 9), (300, 200)];

    public string Directory { get; }
    public IReadOnlyList<CorpusFile> Files { get; }

    private CorpusFile this[string name] => Files.Single(f => f.Name == name);

    private readonly List<(CorpusFile File, Action Make)> _jobs = [];
    private readonly Lazy<bool> _generated;

    private Corpus()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "digitreader-corpus-" + Environment.ProcessId);
        int seed = 1000;
        foreach (var (w, h) in Sizes)
        {
            PngCases(_jobs, w, h, ref seed);
            BmpCases(_jobs, w, h, ref seed);
            NetpbmCases(_jobs, w, h, ref seed);
        }
        Files = _jobs.Select(j => j.File).ToList();
        _generated = new Lazy<bool>(Generate);
    }

    /// <summary>The named file, generating the whole corpus on first use.</summary>
    public CorpusFile Get(string name)
    {
        _ = _generated.Value;
        return this[name];
    }

    /// <summary>Every file, generated.</summary>
    public IReadOnlyList<CorpusFile> GeneratedFiles
    {
        get { _ = _generated.Value; return Files; }
    }

    private bool Generate()
    {
        ImageMagick.EnsureInstalled();
        System.IO.Directory.CreateDirectory(Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } };
        // Two processes at a time: the machine is shared.
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        Parallel.ForEach(_jobs, options, job => job.Make());
        // ImageMagick decodes a list of files into one concatenated RGBA stream, which saves a process per file.
        Parallel.ForEach(Files.Chunk(40), options, batch =>
        {
            var all = ImageMagick.Run([.. batch.Select(f => f.Path), "-depth", "8", "rgba:-"]);
            Assert.Equal(batch.Sum(f => f.Width * f.Height * 4), all.Length);
            int offset = 0;
            foreach (var file in batch)
            {
                file.Reference = all.AsSpan(offset, file.Width * file.Height * 4).ToArray();
                offset += file.Reference.Length;
            }
        });
        return true;
    }

    /// <summary>Names of every corpus file of <paramref name="format"/>, for theories (computed without generating).</summary>
    public static IEnumerable<object[]> Names(ImageFormat format) =>
        Instance.Files.Where(f => f.Format == format).Select(f => new object[] { f.Name });

    private string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>A job that has ImageMagick convert seeded source pixels with <paramref name="args"/>.</summary>
    private (CorpusFile, Action) Convert(string name, ImageFormat format, int w, int h, SourcePixels.Kind kind, int seed,
        int levels, bool sixteenBit, string[] args, string output, Action<byte[]>? verify = null)
    {
        var file = new CorpusFile(name, format, w, h, PathOf(name)) { Verify = verify };
        return (file, () =>
        {
            string raw = PathOf(name + ".rgba16");
            SourcePixels.WriteRaw(raw, SourcePixels.Make(kind, w, h, seed, levels, sixteenBit));
            ImageMagick.Run([
                "-size", $"{w}x{h}", "-depth", "16", "-endian", "MSB", "rgba:" + raw, .. args, output.Replace("{0}", file.Path)]);
            File.Delete(raw);
        });
    }

    private (CorpusFile, Action) Handmade(string name, ImageFormat format, int w, int h, int seed, SourcePixels.Kind kind, int levels,
        Func<int, int, byte[], byte[]> write, bool colourOnly = false)
    {
        var file = new CorpusFile(name, format, w, h, PathOf(name)) { CompareColourOnly = colourOnly };
        return (file, () =>
        {
            var samples = SourcePixels.Make(kind, w, h, seed, levels);
            var rgba = samples.Select(s => (byte)(s >> 8)).ToArray();
            File.WriteAllBytes(file.Path, write(w, h, rgba));
        });
    }

    private void PngCases(List<(CorpusFile, Action)> jobs, int w, int h, ref int seed)
    {
        foreach (bool interlaced in new[] { false, true })
        {
            string il = interlaced ? "adam7" : "plain";
            string[] interlace = ["-interlace", interlaced ? "PNG" : "None"];
            void Add(string label, SourcePixels.Kind kind, int colorType, int depth, int levels, bool trns, string[] typeArgs, ref int s)
            {
                string name = $"png-{label}-{il}-{w}x{h}.png";
                jobs.Add(Convert(name, ImageFormat.Png, w, h, kind, s++, levels, depth == 16, [.. interlace, .. typeArgs, "-define", $"png:bit-depth={depth}"],
                    "{0}", bytes => PngFacts.Expect(bytes, colorType, depth, interlaced, trns)));
            }
            foreach (int d in new[] { 1, 2, 4, 8, 16 })
            {
                Add($"gray{d}", SourcePixels.Kind.Gray, 0, d, d < 8 ? 1 << d : 256, false, ["-define", "png:color-type=0"], ref seed);
                Add($"gray{d}-trns", SourcePixels.Kind.GrayKeyed, 0, d, d < 8 ? 1 << d : 256, true, ["-define", "png:color-type=0"], ref seed);
            }
            foreach (int d in new[] { 8, 16 })
            {
                Add($"rgb{d}", SourcePixels.Kind.Rgb, 2, d, 256, false, ["-define", "png:color-type=2"], ref seed);
                Add($"rgb{d}-trns", SourcePixels.Kind.RgbKeyed, 2, d, 256, true, ["-define", "png:color-type=2"], ref seed);
                Add($"graya{d}", SourcePixels.Kind.GrayAlpha, 4, d, 256, false, ["-define", "png:color-type=4"], ref seed);
                Add($"rgba{d}", SourcePixels.Kind.Rgba, 6, d, 256, false, ["-define", "png:color-type=6"], ref seed);
            }
            foreach (int d in new[] { 1, 2, 4, 8 })
            {
                // ImageMagick adds its background colour to the palette, so leave one entry free for it.
                int colours = Math.Min((1 << d) - 1, 200);
                Add($"palette{d}", SourcePixels.Kind.Palette, 3, d, colours, false, ["-define", "png:color-type=3"], ref seed);
                Add($"palette{d}-trns", SourcePixels.Kind.PaletteAlpha, 3, d, colours, true, ["-type", "PaletteAlpha"], ref seed);
            }
        }
    }

    private void BmpCases(List<(CorpusFile, Action)> jobs, int w, int h, ref int seed)
    {
        string size = $"{w}x{h}";
        void Add(string label, SourcePixels.Kind kind, int levels, string[] args, string output, int bitCount, int headerSize, ref int s) =>
            jobs.Add(Convert($"bmp-{label}-{size}.bmp", ImageFormat.Bmp, w, h, kind, s++, levels, false, args, output,
                bytes => BmpFacts.Expect(bytes, bitCount, headerSize)));
        Add("im-24", SourcePixels.Kind.Rgb, 256, ["-depth", "8"], "BMP3:{0}", 24, 40, ref seed);
        // ImageMagick sizes the palette to the colours present, so a 1×1 image is always 1-bit.
        Add("im-8", SourcePixels.Kind.Palette, 200, ["-depth", "8", "-type", "Palette", "-compress", "None"], "BMP3:{0}", w * h == 1 ? 1 : 8, 40, ref seed);
        Add("im-4", SourcePixels.Kind.Palette, 12, ["-depth", "8", "-type", "Palette", "-compress", "None"], "BMP3:{0}", w * h == 1 ? 1 : 4, 40, ref seed);
        Add("im-1", SourcePixels.Kind.TwoColors, 2, ["-depth", "8", "-type", "Palette", "-compress", "None"], "BMP3:{0}", 1, 40, ref seed);
        Add("im-v5-32-alpha", SourcePixels.Kind.Rgba, 256, ["-depth", "8"], "BMP:{0}", 32, 124, ref seed);
        Add("im-bmp4-32-alpha", SourcePixels.Kind.Rgba, 256, ["-depth", "8", "-define", "bmp:format=bmp4"], "{0}", 32, 124, ref seed);

        foreach (var (label, kind, levels, write, colourOnly) in BmpWriter.Variants)
            jobs.Add(Handmade($"bmp-{label}-{size}.bmp", ImageFormat.Bmp, w, h, seed++, kind, levels, write, colourOnly));
    }

    private void NetpbmCases(List<(CorpusFile, Action)> jobs, int w, int h, ref int seed)
    {
        string size = $"{w}x{h}";
        void Add(string label, SourcePixels.Kind kind, int levels, bool sixteen, string[] args, string output, string magic, ref int s) =>
            jobs.Add(Convert($"pnm-{label}-{size}.pnm", ImageFormat.Netpbm, w, h, kind, s++, levels, sixteen, args, output,
                bytes => Assert.True(bytes.AsSpan().StartsWith(System.Text.Encoding.ASCII.GetBytes(magic)), $"expected a {magic} file")));
        Add("p2", SourcePixels.Kind.Gray, 256, false, ["-depth", "8", "-compress", "none"], "pgm:{0}", "P2", ref seed);
        Add("p5", SourcePixels.Kind.Gray, 256, false, ["-depth", "8"], "pgm:{0}", "P5", ref seed);
        Add("p3", SourcePixels.Kind.Rgb, 256, false, ["-depth", "8", "-compress", "none"], "ppm:{0}", "P3", ref seed);
        Add("p6", SourcePixels.Kind.Rgb, 256, false, ["-depth", "8"], "ppm:{0}", "P6", ref seed);
        Add("p2-16", SourcePixels.Kind.Gray, 256, true, ["-compress", "none"], "pgm:{0}", "P2", ref seed);
        Add("p5-16", SourcePixels.Kind.Gray, 256, true, [], "pgm:{0}", "P5", ref seed);
        Add("p3-16", SourcePixels.Kind.Rgb, 256, true, ["-compress", "none"], "ppm:{0}", "P3", ref seed);
        Add("p6-16", SourcePixels.Kind.Rgb, 256, true, [], "ppm:{0}", "P6", ref seed);
        Add("p1", SourcePixels.Kind.Gray, 2, false, ["-compress", "none"], "pbm:{0}", "P1", ref seed);
        Add("p4", SourcePixels.Kind.Gray, 2, false, [], "pbm:{0}", "P4", ref seed);

        foreach (var (label, kind, write) in NetpbmWriter.Variants)
            jobs.Add(Handmade($"pnm-{label}-{size}.pnm", ImageFormat.Netpbm, w, h, seed++, kind, 256, write));
    }
}
