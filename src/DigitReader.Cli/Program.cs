using System.CommandLine;
using DigitReader.Cli.Commands;

// Every command writes its progress and messages to stderr, so stdout stays machine-readable.
var root = new RootCommand("digits — read handwritten digits: fetch MNIST, train, evaluate, predict.");
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(CalibrateCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
return await root.Parse(args).InvokeAsync();
