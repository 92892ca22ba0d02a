using System.CommandLine;

namespace DigitReader.Cli.Commands;

/// <summary>Placeholder for <c>digits data</c>.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Not implemented yet.");
        command.SetAction(_ => { Console.Error.WriteLine("digits data: not implemented yet."); return 1; });
        return command;
    }
}
