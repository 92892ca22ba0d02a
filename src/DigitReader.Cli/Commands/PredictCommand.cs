using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DigitReader.Imaging;
using DigitReader.NeuralNetwork.Serialization;
using DigitReader.Preprocessing;
using DigitReader.Recognition;
using Spectre.Console;

namespace DigitReader.Cli.Commands;

/// <summary><c>digits predict FILE...</c>: reads each image through the full pipeline and prints the digit.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Image files (PNG, JPEG, BMP, PGM/PPM).", Arity = ArgumentArity.OneOrMore };
        var model = ModelOption.Create();
        var format = FormatOption.Create();
        var explain = new Option<string?>("--explain") { Description = "Write what the model saw (grayscale, mask, crop, 28×28 input) as PNGs into this directory." };
        var command = new Command("predict", "Read the digit in each image: the digit, its confidence and all ten probabilities.") { files, model, format, explain };
        command.SetAction(parse =>
        {
            bool json = parse.GetValue(format) == "json";
            var console = Terminal.Error;
            DigitRecognizer recognizer;
            try { recognizer = ModelOption.Load(parse.GetValue(model)); }
            catch (Exception e) when (e is ModelFormatException or IOException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 2;
            }
            string? explainDir = parse.GetValue(explain);
            int failures = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var result = recognizer.Recognize(File.ReadAllBytes(file));
                    if (explainDir is not null) Explain(result, file, explainDir);
                    if (json) WriteJsonLine(new { file, digit = result.Prediction.Digit, confidence = Round(result.Prediction.Confidence), probabilities = result.Prediction.Probabilities.Select(Round) });
                    else WriteText(file, result.Prediction);
                }
                catch (Exception e) when (e is ImageDecodeException or NoDigitFoundException or IOException or UnauthorizedAccessException)
                {
                    failures++;
                    string reason = e switch { ImageDecodeException d => d.Reason.ToString(), NoDigitFoundException => "NoDigitFound", _ => "Unreadable" };
                    if (json) WriteJsonLine(new { file, error = e.Message, reason });
                    else console.MarkupLineInterpolated($"[red]{file}:[/] {e.Message}");
                }
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static double Round(float p) => Math.Round(p, 6);

    private static void WriteJsonLine(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value));

    private static void WriteText(string file, Prediction p)
    {
        string note = p.IsUncertain ? $"  (probably {p.Digit}, could be {p.RunnerUp})" : "";
        Console.Out.WriteLine($"{file}: {p.Digit}  confidence {p.Confidence.ToString("P1", CultureInfo.InvariantCulture)}{note}");
        Console.Out.WriteLine("  " + string.Join("  ", p.Probabilities.Select((q, d) => $"{d}:{q.ToString("0.000", CultureInfo.InvariantCulture)}")));
    }

    private static void Explain(RecognitionResult result, string file, string directory)
    {
        string stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(file));
        Directory.CreateDirectory(directory);
        var n = result.Normalised;
        File.WriteAllBytes(stem + ".1-grayscale.png", PngEncoder.Encode(n.Grayscale));
        File.WriteAllBytes(stem + ".2-mask.png", PngEncoder.Encode(n.Mask));
        File.WriteAllBytes(stem + ".3-crop.png", PngEncoder.Encode(n.Crop));
        File.WriteAllBytes(stem + ".4-input-28x28.png", PngEncoder.Encode(n.Final));
    }
}
