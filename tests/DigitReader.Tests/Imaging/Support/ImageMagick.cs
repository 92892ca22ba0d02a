namespace DigitReader.Tests.Imaging.Support;

/// <summary>
/// The independent reference decoder and corpus writer: ImageMagick 6 at /usr/bin/convert. Always that
/// path: /usr/local/bin/convert on some machines is a stand-in that only mimics a few calls.
/// </summary>
internal static class ImageMagick
{
    public const string ConvertPath = "/usr/bin/convert";

    /// <summary>Fails (never skips) with an actionable message when ImageMagick is absent.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ConvertPath))
            throw new InvalidOperationException(
                $"ImageMagick 6 is required by the imaging tests but {ConvertPath} does not exist. Install it (apt-get install imagemagick).");
    }

    /// <summary>Runs convert with <paramref name="args"/>; returns its standard output, failing on a non-zero exit.</summary>
    public static byte[] Run(params string[] args)
    {
        EnsureInstalled();
        return ExternalTool.Run(ConvertPath, args);
    }

    /// <summary>ImageMagick's own decode of <paramref name="path"/>: 8-bit RGBA, row-major.</summary>
    public static byte[] DecodeRgba(string path) => Run(path, "-depth", "8", "rgba:-");
}
