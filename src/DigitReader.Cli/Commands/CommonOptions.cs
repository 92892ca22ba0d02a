using System.CommandLine;
using DigitReader.Recognition;

namespace DigitReader.Cli.Commands;

/// <summary><c>--model</c>: a model file instead of the bundled one; repeated, an ensemble of them.</summary>
internal static class ModelOption
{
    public static Option<string[]> Create() => new("--model", "-m")
    {
        Description = "A model file (.safetensors); repeat it for an ensemble whose probabilities are averaged. Default: the bundled model.",
    };

    public static DigitRecognizer Load(string[]? paths) => paths is null or [] ? DigitRecognizer.LoadDefault() : DigitRecognizer.Load(paths);
}

/// <summary><c>--format text|json</c>.</summary>
internal static class FormatOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--format") { Description = "Output format: text or json (machine-readable, on stdout).", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}
