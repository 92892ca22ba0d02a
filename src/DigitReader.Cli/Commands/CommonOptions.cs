using System.CommandLine;
using DigitReader.Recognition;

namespace DigitReader.Cli.Commands;

/// <summary><c>--model</c>: a model file instead of the bundled one.</summary>
internal static class ModelOption
{
    public static Option<string?> Create() => new("--model", "-m") { Description = "A model file (.safetensors); default: the bundled model." };

    public static DigitRecognizer Load(string? path) => path is null ? DigitRecognizer.LoadDefault() : DigitRecognizer.Load(path);
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
