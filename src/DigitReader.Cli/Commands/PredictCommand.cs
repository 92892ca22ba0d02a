using System.CommandLine;

namespace DigitReader.Cli.Commands;

/// <summary>Placeholder for <c>digits predict</c>.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var command = new Command("predict", "Not implemented yet.");
        command.SetAction(_ => { Console.Error.WriteLine("digits predict: not implemented yet."); return 1; });
        return command;
    }
}
