using Spectre.Console;

namespace DigitReader.Cli;

/// <summary>
/// Consoles of the CLI: results on stdout (so they can be piped or parsed), messages and progress on
/// stderr. Spectre.Console's default console is stdout only, hence two.
/// </summary>
internal static class Terminal
{
    /// <summary>A Spectre console writing results to stdout.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>A Spectre console writing messages and progress to stderr.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>Prints "digits COMMAND: MESSAGE" on stderr and returns exit code 1.</summary>
    public static int Fail(string command, string message)
    {
        Error.Markup($"[red]digits {Markup.Escape(command)}:[/] ");
        // Plain write: Spectre would wrap the message at the console width, splitting paths and commands.
        Console.Error.WriteLine(message);
        return 1;
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        // Redirected output goes to a file or a program: no escape codes there.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        // Redirected output has no width; Spectre would assume 80 columns and wrap hashes and tables.
        if (redirected) console.Profile.Width = 200;
        return console;
    }
}
