using DigitReader.Imaging;
using DigitReader.Preprocessing;
using DigitReader.Web.Data;
using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.History;
using DigitReader.Web.Features.Predictions;

namespace DigitReader.Web.Tests.Units;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Short1!", "at least 10")]
    [InlineData("abcdefghijkl", "two kinds")]
    [InlineData("123456789012", "two kinds")]
    [InlineData("Me@Example.com", "e-mail")]
    public void Bad_passwords_are_explained(string password, string fragment) =>
        Assert.Contains(fragment, PasswordPolicy.Check(password, "me@example.com"));

    [Theory]
    [InlineData("correct horse")]
    [InlineData("abcdefghij1")]
    [InlineData("ABCDEFGHIJk")]
    public void Good_passwords_pass(string password) => Assert.Null(PasswordPolicy.Check(password, "me@example.com"));
}

public sealed class HistoryCsvTests
{
    private static PredictionRecord Record(string? fileName) => new()
    {
        Id = Guid.Parse("0197a6a4-7b3c-7000-8000-000000000001"), CreatedAt = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        FileName = fileName, Format = "Png", Width = 28, Height = 28, SizeBytes = 100, Sha256 = "ab", Digit = 3, Confidence = 0.5f,
        Probabilities = [0, 0, 0.25f, 0.5f, 0.25f, 0, 0, 0, 0, 0], ImageBytes = [], ThumbnailPng = [],
    };

    [Fact]
    public void Row_has_every_column()
    {
        var lines = HistoryCsv.Write([Record("a.png")]).Split("\r\n");
        Assert.Equal(string.Join(',', HistoryCsv.Columns), lines[0]);
        Assert.Equal("0197a6a4-7b3c-7000-8000-000000000001,2025-01-02T03:04:05.000Z,a.png,Png,28,28,100,ab,3,0.5,0,0,0.25,0.5,0.25,0,0,0,0,0", lines[1]);
    }

    [Fact]
    public void File_names_are_quoted_and_formulas_defused()
    {
        Assert.Contains(",\"a, \"\"b\"\".png\",", HistoryCsv.Write([Record("a, \"b\".png")]));
        Assert.Contains(",'=HYPERLINK(1).png,", HistoryCsv.Write([Record("=HYPERLINK(1).png")]));
    }
}

public sealed class ProblemCatalogTests
{
    [Theory]
    [InlineData(DecodeErrorReason.FileTooLarge, 413)]
    [InlineData(DecodeErrorReason.ImageTooLarge, 413)]
    [InlineData(DecodeErrorReason.UnsupportedFormat, 415)]
    [InlineData(DecodeErrorReason.UnsupportedFeature, 415)]
    [InlineData(DecodeErrorReason.Truncated, 422)]
    [InlineData(DecodeErrorReason.Corrupt, 422)]
    [InlineData(DecodeErrorReason.InvalidDimensions, 422)]
    [InlineData(DecodeErrorReason.Empty, 422)]
    public void Decode_reasons_map_to_statuses(DecodeErrorReason reason, int status)
    {
        var problem = ProblemCatalog.Describe(new ImageDecodeException(reason, "The decoder's message."));
        Assert.Equal(status, problem!.Status);
        Assert.Contains("The decoder's message.", problem.Detail);
    }

    [Fact]
    public void No_digit_is_422_with_advice()
    {
        var problem = ProblemCatalog.Describe(new NoDigitFoundException("The image holds no ink."));
        Assert.Equal(422, problem!.Status);
        Assert.Contains("dark ink", problem.Detail);
    }

    [Fact]
    public void Other_exceptions_are_not_described() => Assert.Null(ProblemCatalog.Describe(new InvalidOperationException()));
}
