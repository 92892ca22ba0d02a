using System.Globalization;
using System.Net;
using System.Text;

namespace DigitReader.Evaluation;

/// <summary>
/// A line chart in inline SVG: a plot area mapped from data coordinates, axes with ticks, grid lines,
/// polylines clipped to the area and a legend. No script, no external asset, so the report is one file.
/// </summary>
internal sealed class SvgChart
{
    /// <summary>Ten distinguishable colours, one per digit (Tableau 10).</summary>
    public static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"];

    private const int Left = 52, Top = 28, Bottom = 44;
    private readonly StringBuilder svg = new();
    private readonly int width, height, plotWidth, plotHeight;
    private readonly double xMin, xMax, yMin, yMax;
    private readonly string clipId;

    // id must be unique within the page: it names the chart's clip path.
    public SvgChart(string id, string cssClass, string title, int width, int height, int legendWidth,
        (double Min, double Max) x, (double Min, double Max) y, string xLabel, string yLabel)
    {
        this.width = width;
        this.height = height;
        plotWidth = width - Left - legendWidth - 12;
        plotHeight = height - Top - Bottom;
        (xMin, xMax, yMin, yMax) = (x.Min, x.Max, y.Min, y.Max);
        clipId = "clip-" + id;

        svg.Append($"<svg class=\"{cssClass}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        svg.Append($"<title>{Encode(title)}</title>");
        svg.Append($"<defs><clipPath id=\"{clipId}\"><rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/></clipPath></defs>");
        svg.Append($"<text x=\"{Left + plotWidth / 2}\" y=\"16\" text-anchor=\"middle\" class=\"chart-title\">{Encode(title)}</text>");
        svg.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"#fff\" stroke=\"#888\"/>");
        for (int i = 0; i <= 5; i++)
        {
            double xv = xMin + (xMax - xMin) * i / 5, yv = yMin + (yMax - yMin) * i / 5;
            double px = X(xv), py = Y(yv);
            svg.Append($"<line x1=\"{F(px)}\" y1=\"{Top}\" x2=\"{F(px)}\" y2=\"{Top + plotHeight}\" stroke=\"#eee\"/>");
            svg.Append($"<line x1=\"{Left}\" y1=\"{F(py)}\" x2=\"{Left + plotWidth}\" y2=\"{F(py)}\" stroke=\"#eee\"/>");
            svg.Append($"<text x=\"{F(px)}\" y=\"{Top + plotHeight + 14}\" text-anchor=\"middle\" class=\"tick\">{Tick(xv)}</text>");
            svg.Append($"<text x=\"{Left - 4}\" y=\"{F(py + 3)}\" text-anchor=\"end\" class=\"tick\">{Tick(yv)}</text>");
        }
        svg.Append($"<text x=\"{Left + plotWidth / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" class=\"axis\">{Encode(xLabel)}</text>");
        svg.Append($"<text x=\"14\" y=\"{Top + plotHeight / 2}\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 14 {Top + plotHeight / 2})\">{Encode(yLabel)}</text>");
    }

    /// <summary>A polyline through <paramref name="points"/> in data coordinates, clipped to the plot area.</summary>
    public void Polyline(IEnumerable<CurvePoint> points, string colour, string tooltip, double strokeWidth = 1.5, string? dash = null)
    {
        var coordinates = string.Join(' ', points.Select(p => F(X(p.X)) + "," + F(Y(p.Y))));
        svg.Append($"<polyline clip-path=\"url(#{clipId})\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{F(strokeWidth)}\"");
        if (dash is not null) svg.Append($" stroke-dasharray=\"{dash}\"");
        svg.Append($" points=\"{coordinates}\"><title>{Encode(tooltip)}</title></polyline>");
    }

    /// <summary>A filled rectangle between two data corners, clipped to the plot area.</summary>
    public void Rectangle(double x0, double y0, double x1, double y1, string fill, string tooltip, double opacity = 1)
    {
        double left = Math.Min(X(x0), X(x1)), top = Math.Min(Y(y0), Y(y1));
        svg.Append($"<rect clip-path=\"url(#{clipId})\" x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(Math.Abs(X(x1) - X(x0)))}\" height=\"{F(Math.Abs(Y(y1) - Y(y0)))}\" fill=\"{fill}\" fill-opacity=\"{F(opacity)}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{Encode(tooltip)}</title></rect>");
    }

    /// <summary>Small text at a data position; vertical text reads upwards from that position.</summary>
    public void Label(double x, double y, string text, bool vertical = false)
    {
        string px = F(X(x)), py = F(Y(y));
        string rotation = vertical ? $" transform=\"rotate(-90 {px} {py})\"" : "";
        string anchor = vertical ? "start" : "middle";
        svg.Append($"<text x=\"{px}\" y=\"{py}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\" class=\"tick\"{rotation}>{Encode(text)}</text>");
    }

    /// <summary>One legend line per entry, right of the plot area.</summary>
    public void Legend(IEnumerable<(string Colour, string Text)> entries)
    {
        int x = Left + plotWidth + 12, y = Top + 8;
        foreach (var (colour, text) in entries)
        {
            svg.Append($"<line x1=\"{x}\" y1=\"{y - 4}\" x2=\"{x + 18}\" y2=\"{y - 4}\" stroke=\"{colour}\" stroke-width=\"3\"/>");
            svg.Append($"<text x=\"{x + 24}\" y=\"{y}\" class=\"legend\">{Encode(text)}</text>");
            y += 16;
        }
    }

    public override string ToString() => svg + "</svg>";

    private double X(double value) => Left + (value - xMin) / (xMax - xMin) * plotWidth;

    private double Y(double value) => Top + plotHeight - (value - yMin) / (yMax - yMin) * plotHeight;

    private static string Tick(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    internal static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);
}
