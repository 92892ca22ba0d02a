namespace DigitReader.Data;

/// <summary>One image file of a <see cref="LabelledFolder"/> and the digit its folder names.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Label">The digit 0–9.</param>
public sealed record LabelledFile(string Path, byte Label);

/// <summary>
/// A folder of image files labelled by subfolder: <c>DIR/0/*</c> are zeros, …, <c>DIR/9/*</c> are nines.
/// Other entries of <c>DIR</c> are ignored, as are hidden files (name starting with a dot).
/// </summary>
public static class LabelledFolder
{
    /// <summary>
    /// Lists the files, ordered by label then by file name (ordinal), so every run sees the same order.
    /// Subfolders of the digit folders are not searched.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    /// <exception cref="ArgumentException">No digit subfolder holds a file (the message says what layout is expected).</exception>
    public static IReadOnlyList<LabelledFile> Scan(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory} does not exist.");
        var files = new List<LabelledFile>();
        for (byte digit = 0; digit <= 9; digit++)
        {
            var sub = Path.Combine(directory, digit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!Directory.Exists(sub)) continue;
            files.AddRange(Directory.EnumerateFiles(sub)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .Select(f => new LabelledFile(Path.GetFullPath(f), digit)));
        }
        if (files.Count == 0)
            throw new ArgumentException($"{directory} has no image files in subfolders named 0 to 9 (expected e.g. {Path.Combine(directory, "7", "my-seven.png")}).", nameof(directory));
        return files;
    }
}
