using System.CommandLine;
using System.Globalization;
using DigitReader.Data;
using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Serialization;
using DigitReader.Training;

namespace DigitReader.Cli.Commands;

/// <summary>
/// <c>digits calibrate</c>: fits a model's softmax temperature on the validation images (the last 5,000
/// MNIST training images, never the test set) and saves it. <c>digits train</c> does this itself at the
/// end of a run; this command calibrates a model trained before that, or again.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file to calibrate.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to save (default: overwrite --model)." };
        var validation = new Option<int>("--validation-size") { Description = "The last N training images, as held out in training.", DefaultValueFactory = _ => new TrainingOptions().ValidationSize };
        var dataDir = DataOptions.DataDirectory();
        var command = new Command("calibrate", "Fit the softmax temperature on the validation images so confidences match accuracy.") { model, output, validation, dataDir };
        command.SetAction(parse =>
        {
            try
            {
                string path = parse.GetValue(model)!;
                var loaded = DigitModel.Load(path);
                var (images, labels) = MnistDataset.LoadTrain(parse.GetValue(dataDir));
                int from = labels.Length - parse.GetValue(validation);
                // One pass over the validation images; the fit and both likelihoods reuse its logits.
                var logits = TemperatureScaling.Logits(loaded, images, from, labels.Length);
                var validationLabels = labels[from..];
                float temperature = TemperatureScaling.Fit(logits, validationLabels);
                float before = (float)TemperatureScaling.NegativeLogLikelihood(logits, validationLabels, loaded.Info.Temperature);
                float after = (float)TemperatureScaling.NegativeLogLikelihood(logits, validationLabels, temperature);
                var facts = new Dictionary<string, string>(loaded.Info.Training) { ["temperature_fitted_on"] = $"{labels.Length - from} validation images" };
                string target = parse.GetValue(output) ?? path;
                loaded.Copy(loaded.Info with { Temperature = temperature, Training = facts }).Save(target);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Temperature {temperature:0.000} (was {loaded.Info.Temperature:0.000}); validation NLL {before:0.0000} → {after:0.0000}. Saved to {target}."));
                return 0;
            }
            catch (Exception e) when (e is ModelFormatException or MnistDataException or IdxFormatException or IOException)
            {
                return Terminal.Fail("calibrate", e.Message);
            }
        });
        return command;
    }
}
