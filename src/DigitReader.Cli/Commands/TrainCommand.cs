using System.CommandLine;

namespace DigitReader.Cli.Commands;

/// <summary>Placeholder for <c>digits train</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Not implemented yet.");
        command.SetAction(_ => { Console.Error.WriteLine("digits train: not implemented yet."); return 1; });
        return command;
    }
}
