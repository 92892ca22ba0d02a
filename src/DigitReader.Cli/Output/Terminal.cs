using Spectre.Console;

namespace DigitReader.Cli;

/// <summary>Consoles of the CLI: messages and progress go to stderr so stdout stays machine-readable.</summary>
internal static class Terminal
{
    /// <summary>A Spectre console writing to stderr.</summary>
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
