namespace DigitReader.Tests.Imaging.Jpeg;

/// <summary>
/// The comparison corpus: deterministic content encoded by cjpeg with many option sets, created on
/// first use in a temporary directory shared by the tests of one class and deleted afterwards.
/// </summary>
public sealed class JpegCorpus : IDisposable
{
    /// <summary>Name → (width, height, colour, cjpeg options). Seeds are derived from the name.</summary>
    public static readonly IReadOnlyDictionary<string, (int Width, int Height, bool Color, string[] Options)> Entries =
        new Dictionary<string, (int, int, bool, string[])>
        {
            ["baseline-444-q90"] = (300, 200, true, ["-sample", "1x1", "-quality", "90"]),
            ["baseline-422-q75"] = (300, 200, true, ["-sample", "2x1", "-quality", "75"]),
            ["baseline-420-q50"] = (300, 200, true, ["-sample", "2x2", "-quality", "50"]),
            ["baseline-440-q75"] = (300, 200, true, ["-sample", "1x2", "-quality", "75"]),
            ["baseline-411-q75"] = (300, 200, true, ["-sample", "4x1", "-quality", "75"]),
            ["baseline-420-q10"] = (300, 200, true, ["-quality", "10"]),
            ["baseline-420-q100"] = (300, 200, true, ["-quality", "100"]),
            ["baseline-420-optimized"] = (300, 200, true, ["-optimize"]),
            ["baseline-gray-q85"] = (300, 200, false, ["-grayscale", "-quality", "85"]),
            ["baseline-restart-1-row"] = (300, 200, true, ["-restart", "1"]),
            ["baseline-restart-5-blocks"] = (300, 200, true, ["-restart", "5B"]),
            ["baseline-noninterleaved"] = (300, 200, true, ["-scans", "@noninterleaved"]),
            ["progressive-444"] = (300, 200, true, ["-progressive", "-sample", "1x1"]),
            ["progressive-422"] = (300, 200, true, ["-progressive", "-sample", "2x1"]),
            ["progressive-420"] = (300, 200, true, ["-progressive", "-sample", "2x2", "-quality", "60"]),
            ["progressive-440"] = (300, 200, true, ["-progressive", "-sample", "1x2"]),
            ["progressive-gray"] = (300, 200, false, ["-progressive", "-grayscale"]),
            ["progressive-restart-3-blocks"] = (300, 200, true, ["-progressive", "-restart", "3B"]),
            ["progressive-q100"] = (300, 200, true, ["-progressive", "-quality", "100"]),
            ["baseline-1x1"] = (1, 1, true, []),
            ["baseline-1x1-gray"] = (1, 1, false, ["-grayscale"]),
            ["progressive-1x1"] = (1, 1, true, ["-progressive"]),
            ["baseline-17x9-420"] = (17, 9, true, ["-sample", "2x2"]),
            ["baseline-17x9-444"] = (17, 9, true, ["-sample", "1x1", "-restart", "1B"]),
            ["progressive-17x9-420"] = (17, 9, true, ["-progressive"]),
            ["baseline-4000x3000-420"] = (4000, 3000, true, ["-quality", "85"]),
        };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "digitreader-jpeg-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _files = [];
    private readonly Lock _lock = new();

    /// <summary>The path of the corpus file <paramref name="name"/>, encoding it on first use.</summary>
    public string Get(string name)
    {
        lock (_lock)
        {
            if (_files.TryGetValue(name, out var path)) return path;
            Directory.CreateDirectory(_directory);
            var (w, h, color, options) = Entries[name];
            string source = Path.Combine(_directory, name + (color ? ".ppm" : ".pgm"));
            File.WriteAllBytes(source, JpegTools.Pnm(w, h, JpegTools.Paper(w, h, StableSeed(name), color), color));
            path = Path.Combine(_directory, name + ".jpg");
            var args = options.Select(o => o == "@noninterleaved" ? WriteScanScript() : o).Concat(["-outfile", path, source]).ToArray();
            JpegTools.Run(JpegTools.Cjpeg, args);
            File.Delete(source);
            _files[name] = path;
            return path;
        }
    }

    /// <summary>A cjpeg scan script with one sequential scan per component (T.81 non-interleaved order).</summary>
    private string WriteScanScript()
    {
        string script = Path.Combine(_directory, "noninterleaved.txt");
        File.WriteAllText(script, "0;\n1;\n2;\n");
        return script;
    }

    private static int StableSeed(string name)
    {
        int seed = 17;
        foreach (char c in name) seed = seed * 31 + c;
        return seed;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
