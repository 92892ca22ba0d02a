using System.Text.RegularExpressions;
using System.Xml.Linq;
using DigitReader.Evaluation;
using DigitReader.Imaging;

namespace DigitReader.Tests.Evaluation;

public sealed partial class HtmlReportTests
{
    private static readonly ReferenceFixture Fixture = ReferenceFixture.Load();
    private static readonly EvaluationReport Report = EvaluationReport.Compute(Fixture.Probabilities, Fixture.Labels, "model <b>", "numpy fixture");

    /// <summary>A 28 × 28 stand-in image per item: a bar whose height is the item's index mod 28.</summary>
    private static GrayImage ImageOf(int index)
    {
        var pixels = new byte[784];
        for (int y = 28 - index % 28; y < 28; y++) pixels[y * 28 + 14] = 255;
        return new GrayImage(28, 28, pixels);
    }

    [Fact]
    public void Has_the_sections_and_a_gallery_image_per_mistake()
    {
        var html = HtmlReport.Render(Report, ImageOf);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg class=\"heatmap\"", html);
        Assert.Equal(100, HeatmapCells().Matches(html).Count);
        Assert.Contains("class=\"curve roc-full\"", html);
        Assert.Contains("class=\"curve pr-full\"", html);
        Assert.Contains("<svg class=\"reliability\"", html);
        Assert.Equal(Report.Misclassified.Count, Regex.Matches(html, "<img class=\"digit\" src=\"data:image/png;base64,").Count);
        Assert.Equal(Report.Misclassified.Count, Regex.Matches(html, "<figure class=\"mistake\">").Count);
        Assert.Equal(Regex.Matches(html, "<figure").Count, Regex.Matches(html, "</figure>").Count);
        // Four curve charts × ten classes, the ROC chance line, the reliability diagonal and one
        // mean-confidence line per non-empty bin.
        int nonEmptyBins = Report.Calibration.Bins.Count(b => b.Count > 0);
        Assert.Equal(42 + nonEmptyBins, Regex.Matches(html, "<polyline").Count);
        // The model name is escaped, not markup.
        Assert.Contains("model &lt;b&gt;", html);
        Assert.DoesNotContain("model <b>", html);
    }

    [Fact]
    public void Is_self_contained_and_its_SVG_is_well_formed_XML()
    {
        var html = HtmlReport.Render(Report, ImageOf);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);
        var svgs = SvgElements().Matches(html);
        Assert.Equal(6, svgs.Count);
        foreach (Match svg in svgs)
            Assert.Equal("svg", XElement.Parse(svg.Value).Name.LocalName);
    }

    [Fact]
    public void The_gallery_is_capped_and_embeds_the_right_pixels()
    {
        var html = HtmlReport.Render(Report, ImageOf, galleryLimit: 3);

        var sources = Regex.Matches(html, "src=\"data:image/png;base64,([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, sources.Count);
        Assert.Contains($"3 of {Report.Misclassified.Count} mistakes", html);
        var png = Convert.FromBase64String(sources[0]);
        Assert.Equal(ImageOf(Report.Misclassified[0].Index).Pixels, GalleryPng.DecodeGray8(png, out int w, out int h));
        Assert.Equal((28, 28), (w, h));
    }

    [Fact]
    public void Without_images_or_mistakes_it_still_renders()
    {
        var html = HtmlReport.Render(Report);
        Assert.DoesNotContain("<img", html);
        Assert.Equal(Report.Misclassified.Count, Regex.Matches(html, "<figure class=\"mistake\">").Count);

        var perfect = EvaluationReport.Compute([0.9f, 0.1f / 9, 0.1f / 9, 0.1f / 9, 0.1f / 9, 0.1f / 9, 0.1f / 9, 0.1f / 9, 0.1f / 9, 0.1f / 9], [0], "m", "d");
        Assert.Contains("None: every item was classified correctly.", HtmlReport.Render(perfect));
    }

    [Fact]
    public void The_same_report_renders_to_the_same_bytes()
    {
        Assert.Equal(HtmlReport.Render(Report, ImageOf), HtmlReport.Render(Report, ImageOf));
    }

    [GeneratedRegex("<rect x=\"\\d+\" y=\"\\d+\" width=\"44\" height=\"44\"")]
    private static partial Regex HeatmapCells();

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElements();
}
