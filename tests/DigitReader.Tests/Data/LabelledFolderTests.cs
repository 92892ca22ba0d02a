using DigitReader.Data;

namespace DigitReader.Tests.Data;

public sealed class LabelledFolderTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("digitreader-folder-");

    public void Dispose() => temp.Delete(recursive: true);

    private void Touch(params string[] parts)
    {
        var path = Path.Combine([temp.FullName, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1]);
    }

    [Fact]
    public void Lists_digit_folders_in_order_and_ignores_everything_else()
    {
        Touch("3", "b.png");
        Touch("3", "a.png");
        Touch("0", "z.jpg");
        Touch("0", ".hidden");
        Touch("0", "nested", "deep.png");
        Touch("x", "other.png");
        Touch("10", "ten.png");
        Touch("readme.txt");

        var files = LabelledFolder.Scan(temp.FullName);

        Assert.Equal(["0/z.jpg", "3/a.png", "3/b.png"],
            files.Select(f => Path.GetRelativePath(temp.FullName, f.Path).Replace('\\', '/')));
        Assert.Equal(new byte[] { 0, 3, 3 }, files.Select(f => f.Label));
    }

    [Fact]
    public void A_folder_without_digit_subfolders_is_an_error_that_explains_the_layout()
    {
        Touch("x", "other.png");
        var e = Assert.Throws<ArgumentException>(() => LabelledFolder.Scan(temp.FullName));
        Assert.Contains("subfolders named 0 to 9", e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => LabelledFolder.Scan(Path.Combine(temp.FullName, "absent")));
    }
}
