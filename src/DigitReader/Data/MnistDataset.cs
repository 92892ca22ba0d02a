namespace DigitReader.Data;

/// <summary>Images and their labels, index for index.</summary>
/// <param name="Images">The images (MNIST: 28 × 28, 0 = background, 255 = full ink).</param>
/// <param name="Labels">One label 0–9 per image.</param>
public sealed record LabelledImages(IdxImages Images, byte[] Labels)
{
    /// <summary>Number of images (= number of labels).</summary>
    public int Count => Labels.Length;
}

/// <summary>
/// Loads the MNIST training set (60,000 images) or test set (10,000 images) from the cache directory,
/// fetching it with <see cref="MnistFetcher"/> on first use.
/// </summary>
public static class MnistDataset
{
    /// <summary>Loads the 60,000 training images and labels.</summary>
    /// <param name="dataDirectory">The cache directory; null = <see cref="MnistFiles.ResolveDirectory"/> (DIGITREADER_DATA or the user cache).</param>
    /// <param name="log">Where a first-use fetch is announced; null = stderr. Pass <see cref="TextWriter.Null"/> for silence.</param>
    /// <exception cref="MnistDataException">The files are absent and cannot be fetched or do not verify.</exception>
    /// <exception cref="IdxFormatException">A verified file is nonetheless malformed (cannot happen with the pinned hashes).</exception>
    public static LabelledImages LoadTrain(string? dataDirectory = null, TextWriter? log = null) =>
        LoadVerified(dataDirectory, MnistFiles.TrainImages, MnistFiles.TrainLabels, log);

    /// <summary>Loads the 10,000 test images and labels.</summary>
    /// <param name="dataDirectory">As for <see cref="LoadTrain"/>.</param>
    /// <param name="log">As for <see cref="LoadTrain"/>.</param>
    /// <exception cref="MnistDataException">The files are absent and cannot be fetched or do not verify.</exception>
    /// <exception cref="IdxFormatException">A verified file is nonetheless malformed (cannot happen with the pinned hashes).</exception>
    public static LabelledImages LoadTest(string? dataDirectory = null, TextWriter? log = null) =>
        LoadVerified(dataDirectory, MnistFiles.TestImages, MnistFiles.TestLabels, log);

    /// <summary>Loads any pair of IDX files (images and labels), e.g. a user's own test set; nothing is fetched.</summary>
    /// <exception cref="IdxFormatException">A file is malformed, or the two files hold different numbers of items.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static LabelledImages Load(string imagesPath, string labelsPath)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
            throw new IdxFormatException($"{imagesPath} holds {images.Count:N0} images but {labelsPath} holds {labels.Length:N0} labels; they must pair up one to one.");
        return new LabelledImages(images, labels);
    }

    private static LabelledImages LoadVerified(string? dataDirectory, MnistFile images, MnistFile labels, TextWriter? log)
    {
        var fetcher = new MnistFetcher(MnistFiles.ResolveDirectory(dataDirectory));
        fetcher.Ensure([images, labels], log ?? Console.Error);
        return Load(Path.Combine(fetcher.Directory, images.Name), Path.Combine(fetcher.Directory, labels.Name));
    }
}
