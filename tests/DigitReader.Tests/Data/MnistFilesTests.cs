using DigitReader.Data;

namespace DigitReader.Tests.Data;

// Environment variables are process-wide: every test that changes them is in this one class, whose
// tests xunit runs one after another, and each restores what it changed.
public sealed class MnistFilesTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("digitreader-files-");

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void The_option_beats_the_environment_which_beats_the_default()
    {
        var saved = Environment.GetEnvironmentVariable(MnistFiles.DataDirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(MnistFiles.DataDirectoryVariable, "/from/env");
            Assert.Equal("/from/option", MnistFiles.ResolveDirectory("/from/option"));
            Assert.Equal("/from/env", MnistFiles.ResolveDirectory());
            Environment.SetEnvironmentVariable(MnistFiles.DataDirectoryVariable, null);
            Assert.Equal(MnistFiles.DefaultDirectory(), MnistFiles.ResolveDirectory(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(MnistFiles.DataDirectoryVariable, saved);
        }
    }

    [Fact]
    public void The_default_follows_XDG_CACHE_HOME_when_it_is_absolute()
    {
        var saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/xdg/cache");
            Assert.Equal("/xdg/cache/digitreader/mnist", MnistFiles.DefaultDirectory());
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "relative/cache");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".cache", "digitreader", "mnist"), MnistFiles.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved);
        }
    }

    [Fact]
    public void Check_tells_missing_from_wrong_length_from_wrong_hash()
    {
        Assert.Equal(MnistFileState.Missing, MnistFiles.Check(temp.FullName, MnistFiles.TestLabels).State);

        var path = Path.Combine(temp.FullName, MnistFiles.TestLabels.Name);
        File.WriteAllBytes(path, new byte[10]);
        var shortFile = MnistFiles.Check(temp.FullName, MnistFiles.TestLabels);
        Assert.Equal((MnistFileState.WrongLength, 10L), (shortFile.State, shortFile.ActualLength));
        Assert.Contains("10 bytes, expected 10,008", MnistFiles.Describe(shortFile));

        File.WriteAllBytes(path, new byte[MnistFiles.TestLabels.Length]);
        var zeros = MnistFiles.Check(temp.FullName, MnistFiles.TestLabels);
        Assert.Equal(MnistFileState.WrongHash, zeros.State);
        // SHA-256 of 10,008 zero bytes, computed independently with sha256sum.
        Assert.Equal(ZerosSha256, zeros.ActualSha256);
    }

    private const string ZerosSha256 = "c894d83183d92b7a81cde4806f1f6a5dc6f9b05476243be75fc18670bb8d9bff";
}
