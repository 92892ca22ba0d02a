using System.Globalization;
using System.Text;
using DigitReader.Web.Data;

namespace DigitReader.Web.Features.History;

/// <summary>Writes history records as CSV (RFC 4180, comma-separated, CRLF line ends, header row).</summary>
public static class HistoryCsv
{
    /// <summary>The header row's column names.</summary>
    public static readonly string[] Columns =
    [
        "id", "created_at_utc", "file_name", "format", "width", "height", "size_bytes", "sha256", "digit", "confidence",
        "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9",
    ];

    /// <summary>The CSV text for <paramref name="records"/>.</summary>
    public static string Write(IEnumerable<PredictionRecord> records)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var r in records)
        {
            var fields = new List<string>
            {
                r.Id.ToString(), r.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                Escape(r.FileName ?? ""), r.Format, Num(r.Width), Num(r.Height), Num(r.SizeBytes), r.Sha256,
                Num(r.Digit), r.Confidence.ToString("0.######", CultureInfo.InvariantCulture),
            };
            fields.AddRange(r.Probabilities.Select(p => p.ToString("0.######", CultureInfo.InvariantCulture)));
            csv.Append(string.Join(',', fields)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Quotes a user-supplied field when needed, and defuses a leading = + - @ so a spreadsheet does not
    /// run a file name as a formula (CSV injection).
    /// </summary>
    private static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
