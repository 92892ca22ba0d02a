namespace DigitReader.Web.Data;

/// <summary>
/// The folder for the app's own files (the SQLite database): <c>DigitReader:DataDirectory</c> from
/// configuration, relative to the content root, default <c>App_Data</c>. Created on start-up.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>Resolves and creates the folder.</summary>
    public DataDirectory(IConfiguration configuration, IWebHostEnvironment environment)
    {
        string configured = configuration["DigitReader:DataDirectory"] is { Length: > 0 } value ? value : "App_Data";
        Path = System.IO.Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }
}
