using System.CommandLine;

namespace DigitReader.Cli.Commands;

/// <summary>Placeholder for <c>digits evaluate</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "Not implemented yet.");
        command.SetAction(_ => { Console.Error.WriteLine("digits evaluate: not implemented yet."); return 1; });
        return command;
    }
}
