using Xunit;
using DigitReader.Imaging;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging.Png;

/// <summary>Every PNG colour type × bit depth, plain and Adam7, with and without tRNS, against ImageMagick.</summary>
public class PngCorpusTests
{
    public static IEnumerable<object[]> Files => Corpus.Names(ImageFormat.Png);

    [Theory]
    [MemberData(nameof(Files))]
    public void Decodes_exactly_as_ImageMagick(string name) => DecodeAssert.DecodesLikeImageMagick(name);

    [Fact]
    public void Image_data_split_over_many_IDAT_chunks_decodes_the_same()
    {
        var file = Corpus.Instance.Get("png-rgba16-adam7-300x200.png");
        var chunks = PngFacts.Chunks(file.Bytes);
        var idat = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        var pieces = idat.Chunk(97).Select(p => PngFacts.Chunk("IDAT", p));
        var rebuilt = PngFacts.File([
            .. chunks.TakeWhile(c => c.Type != "IDAT").Select(c => PngFacts.Chunk(c.Type, c.Data)),
            .. pieces,
            PngFacts.Chunk("IEND", [])]);
        Assert.True(PngFacts.Chunks(rebuilt).Count(c => c.Type == "IDAT") > 10);
        Assert.Equal(ImageDecoder.Decode(file.Bytes).Pixels, ImageDecoder.Decode(rebuilt).Pixels);
    }

    [Theory]
    [InlineData(2, 8, 0)]
    [InlineData(6, 16, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(3, 4, 0)]
    [InlineData(2, 8, 1)]
    [InlineData(0, 2, 1)]
    public void Every_filter_type_is_undone(int colorType, int depth, int interlace)
    {
        // ImageMagick picks filters adaptively, so write a file whose scanlines cycle through all five.
        var png = PngWriter.WithAllFilters(23, 11, colorType, depth, interlace, seed: 42 + depth);
        var path = Path.Combine(Corpus.Instance.Directory, $"filters-{colorType}-{depth}-{interlace}.png");
        Directory.CreateDirectory(Corpus.Instance.Directory);
        File.WriteAllBytes(path, png);
        var reference = new CorpusFile("filters", ImageFormat.Png, 23, 11, path) { Reference = ImageMagick.DecodeRgba(path) };
        DecodeAssert.MatchesReference(reference, ImageDecoder.Decode(png));
    }
}
