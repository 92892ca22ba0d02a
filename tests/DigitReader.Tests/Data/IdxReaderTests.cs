using System.Buffers.Binary;
using DigitReader.Data;

namespace DigitReader.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("digitreader-idx-");

    public void Dispose() => temp.Delete(recursive: true);

    internal static byte[] ImagesFile(int count, int rows, int columns, int? declaredCount = null, int magic = IdxReader.ImagesMagic)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), declaredCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    internal static byte[] LabelsFile(byte[] labels, int? declaredCount = null)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), declaredCount ?? labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(temp.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Reads_images_from_bytes_and_from_a_file_alike()
    {
        var bytes = ImagesFile(2, 2, 3);
        var parsed = IdxReader.ParseImages(bytes, "mem");
        var read = IdxReader.ReadImages(Write("images", bytes));
        foreach (var images in new[] { parsed, read })
        {
            Assert.Equal((2, 2, 3, 6), (images.Count, images.Rows, images.Columns, images.ImageSize));
            Assert.Equal(bytes.AsSpan(16 + 6, 6).ToArray(), images.Image(1).ToArray());
        }
    }

    [Fact]
    public void Wrong_magic_is_named_in_the_message()
    {
        var bytes = ImagesFile(1, 2, 2, magic: IdxReader.LabelsMagic);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(Write("images", bytes)));
        Assert.Contains("magic number 0x00000801 is not that of an IDX image file (0x00000803)", e.Message);
        Assert.Contains("images", e.Message);

        var labels = Assert.Throws<IdxFormatException>(() => IdxReader.ParseLabels(ImagesFile(1, 1, 1), "labels"));
        Assert.Contains("magic number 0x00000803 is not that of an IDX label file", labels.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_header_is_rejected()
    {
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(Write("images", ImagesFile(1, 2, 2)[..10])));
        Assert.Contains("10 bytes is shorter than an IDX image header (16 bytes)", e.Message);
        var l = Assert.Throws<IdxFormatException>(() => IdxReader.ParseLabels([0, 0, 8], "labels"));
        Assert.Contains("3 bytes is shorter than an IDX label header (8 bytes)", l.Message);
    }

    [Fact]
    public void Truncated_pixels_are_rejected_before_reading_them()
    {
        var bytes = ImagesFile(2, 2, 3)[..^1];
        var fromFile = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(Write("images", bytes)));
        var fromBytes = Assert.Throws<IdxFormatException>(() => IdxReader.ParseImages(bytes, "images"));
        Assert.Contains("header declares 2 images of 2×3 (28 bytes) but the file has 27 bytes", fromFile.Message);
        Assert.Contains("header declares 2 images of 2×3 (28 bytes) but the file has 27 bytes", fromBytes.Message);
    }

    [Fact]
    public void Implausible_image_size_is_rejected()
    {
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ParseImages(ImagesFile(0, 0, 28), "images"));
        Assert.Contains("image size 0×28 is not plausible", e.Message);
    }

    [Fact]
    public void Label_count_must_match_the_header()
    {
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(Write("labels", LabelsFile([1, 2, 3], declaredCount: 5))));
        Assert.Contains("header declares 5 labels (13 bytes) but the file has 11 bytes", e.Message);
    }

    [Fact]
    public void A_label_above_nine_is_rejected_with_its_index()
    {
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ParseLabels(LabelsFile([0, 9, 10, 3]), "labels"));
        Assert.Contains("label at index 2 is 10, not a digit 0–9", e.Message);
        Assert.Equal(new byte[] { 0, 9, 3 }, IdxReader.ParseLabels(LabelsFile([0, 9, 3]), "labels"));
    }

    [Fact]
    public void Images_and_labels_of_different_counts_do_not_pair()
    {
        var images = Write("images", ImagesFile(2, 2, 2));
        var labels = Write("labels", LabelsFile([1, 2, 3]));
        var e = Assert.Throws<IdxFormatException>(() => MnistDataset.Load(images, labels));
        Assert.Contains("holds 2 images but", e.Message);
        Assert.Contains("holds 3 labels", e.Message);
        var ok = MnistDataset.Load(images, Write("labels2", LabelsFile([4, 5])));
        Assert.Equal(2, ok.Count);
        Assert.Equal(new byte[] { 4, 5 }, ok.Labels);
    }
}
