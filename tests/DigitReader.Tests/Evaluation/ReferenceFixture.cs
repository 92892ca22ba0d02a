using System.Text.Json;

namespace DigitReader.Tests.Evaluation;

/// <summary>
/// The inputs and expected numbers of Fixtures/evaluation/reference.json, computed independently in
/// numpy by make_reference.py beside it (200 items, seed fixed, a third of the rows with tied scores).
/// </summary>
internal sealed class ReferenceFixture
{
    public required byte[] Labels { get; init; }
    public required float[] Probabilities { get; init; }
    public required JsonElement Expected { get; init; }

    public static ReferenceFixture Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "evaluation", "reference.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        return new ReferenceFixture
        {
            Labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetByte()).ToArray(),
            // Written with numpy's shortest float32 repr, so parsing as float gives the exact same values.
            Probabilities = root.GetProperty("probabilities").EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(e => e.GetSingle()).ToArray(),
            Expected = root.GetProperty("expected").Clone(),
        };
    }
}
