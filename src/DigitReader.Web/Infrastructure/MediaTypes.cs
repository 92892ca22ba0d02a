namespace DigitReader.Web.Infrastructure;

/// <summary>Content types and file extensions for the detected image formats.</summary>
public static class MediaTypes
{
    /// <summary>The media type of a format name (PNG, JPEG, BMP, Netpbm).</summary>
    public static string For(string format) => format.ToUpperInvariant() switch
    {
        "PNG" => "image/png",
        "JPEG" => "image/jpeg",
        "BMP" => "image/bmp",
        "NETPBM" => "image/x-portable-anymap",
        _ => "application/octet-stream",
    };

    /// <summary>A file extension for a format name, without the dot.</summary>
    public static string Extension(string format) => format.ToUpperInvariant() switch
    {
        "PNG" => "png",
        "JPEG" => "jpg",
        "BMP" => "bmp",
        "NETPBM" => "pnm",
        _ => "bin",
    };

    /// <summary>True when browsers display the format in an &lt;img&gt; (Netpbm they do not).</summary>
    public static bool BrowserCanShow(string format) => format.ToUpperInvariant() is "PNG" or "JPEG" or "BMP";
}
