using DigitReader.Recognition;

namespace DigitReader.Web.Features.Predictions;

/// <summary>
/// Holds the one <see cref="DigitRecognizer"/> of the process (it is thread-safe and costly to load).
/// A model that fails to load does not stop the app: pages still render, <c>/healthz</c> answers 503
/// and recognition answers 503 with the reason.
/// </summary>
public sealed class ModelHost
{
    private readonly DigitRecognizer? _recognizer;

    /// <summary>
    /// Loads <c>DigitReader:ModelPath</c> if configured (several files separated by ';' make an ensemble),
    /// otherwise the model bundled with the library.
    /// </summary>
    public ModelHost(IConfiguration configuration, ILogger<ModelHost> logger)
    {
        string? path = configuration["DigitReader:ModelPath"];
        var paths = (path ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Name = paths.Length == 0 ? "bundled model" : string.Join(" + ", paths.Select(Path.GetFileName));
        Version = "unknown";
        try
        {
            _recognizer = paths.Length == 0 ? DigitRecognizer.LoadDefault() : DigitRecognizer.Load(paths);
            Name = _recognizer.Name;
            // A model file records when it was trained; the dates identify the weights.
            var dates = _recognizer.Members.Select(m => m.Training.GetValueOrDefault("date")).OfType<string>().ToArray();
            Version = dates.Length > 0 ? $"{_recognizer.Architecture}, trained {string.Join(" and ", dates)}" : _recognizer.Architecture;
            logger.LogInformation("Model {Model} ({Version}) loaded", Name, Version);
        }
        catch (Exception e)
        {
            LoadError = e.Message;
            logger.LogError(e, "Model {Model} could not be loaded; recognition will answer 503", Name);
        }
    }

    /// <summary>The model's name, e.g. "2 × digitnet (bundled)", or the configured files' names.</summary>
    public string Name { get; }

    /// <summary>The architecture and training dates from the model files' metadata, e.g. "2 × digitnet, trained … and …".</summary>
    public string Version { get; }

    /// <summary>Why loading failed, or null.</summary>
    public string? LoadError { get; }

    /// <summary>True when the model is ready.</summary>
    public bool IsLoaded => _recognizer is not null;

    /// <summary>The recogniser.</summary>
    /// <exception cref="ModelUnavailableException">The model did not load.</exception>
    public DigitRecognizer Recognizer => _recognizer ?? throw new ModelUnavailableException(LoadError ?? "The model is not loaded.");
}

/// <summary>Thrown when recognition is asked for but the model did not load (HTTP 503).</summary>
public sealed class ModelUnavailableException(string reason) : Exception($"The recognition model is not available: {reason}");
