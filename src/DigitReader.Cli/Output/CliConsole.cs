using Spectre.Console;

namespace DigitReader.Cli.Output;

/// <summary>
/// The two consoles every command writes to: results on stdout (so they can be piped or parsed) and
/// progress, messages and errors on stderr. Spectre.Console's default console is stdout only.
/// </summary>
internal static class CliConsole
{
    /// <summary>Results.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>Progress, messages and errors.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

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

    /// <summary>Prints "digits COMMAND: MESSAGE" on stderr and returns exit code 1.</summary>
    public static int Fail(string command, string message)
    {
        Error.Markup($"[red]digits {Markup.Escape(command)}:[/] ");
        // Plain write: Spectre would wrap the message at the console width, splitting paths and commands.
        Console.Error.WriteLine(message);
        return 1;
    }

    /// <summary>A byte count for people: 47,040,016 bytes (44.9 MiB).</summary>
    public static string Bytes(long bytes) =>
        bytes < 1 << 20 ? $"{bytes:N0} bytes" : $"{bytes:N0} bytes ({bytes / 1048576.0:0.0} MiB)";
}
