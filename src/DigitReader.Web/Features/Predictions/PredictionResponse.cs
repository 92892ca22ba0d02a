using DigitReader.Imaging;
using DigitReader.Recognition;
using DigitReader.Web.Data;
using DigitReader.Web.Imaging;

namespace DigitReader.Web.Features.Predictions;

/// <summary>Wall time of each pipeline stage, milliseconds (JSON <c>timings_ms</c>).</summary>
public sealed record TimingsMs(double Decode, double Preprocess, double Inference);

/// <summary>
/// The API's view of one recognition (JSON in snake_case). <see cref="Id"/> and <see cref="CreatedAt"/>
/// are present only when the result was stored in the caller's history.
/// </summary>
public sealed record PredictionResponse
{
    /// <summary>History id; absent when not stored (anonymous caller or <c>save=false</c>).</summary>
    public Guid? Id { get; init; }

    /// <summary>When it was stored (UTC).</summary>
    public DateTime? CreatedAt { get; init; }

    /// <summary>The predicted digit, 0–9.</summary>
    public required int Digit { get; init; }

    /// <summary>Probability of <see cref="Digit"/>, 0–1.</summary>
    public required float Confidence { get; init; }

    /// <summary>All ten probabilities, index = digit, summing to 1.</summary>
    public required float[] Probabilities { get; init; }

    /// <summary>True when the confidence is low or the runner-up is close ("probably 4, could be 9").</summary>
    public required bool Uncertain { get; init; }

    /// <summary>The second most probable digit.</summary>
    public required int RunnerUp { get; init; }

    /// <summary>Time per stage, milliseconds.</summary>
    public required TimingsMs TimingsMs { get; init; }

    /// <summary>Detected format: Png, Jpeg, Bmp or Netpbm.</summary>
    public required string Format { get; init; }

    /// <summary>Decoded width, pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Decoded height, pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Size of the uploaded file, bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the uploaded file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The client's file name, if it sent one.</summary>
    public string? FileName { get; init; }

    /// <summary>The 28 × 28 input the network saw as a base64 PNG; only with <c>?include=normalised</c>.</summary>
    public string? NormalisedPng { get; init; }

    /// <summary>Builds the response for a fresh recognition.</summary>
    public static PredictionResponse From(RecognizedUpload recognition, PredictionRecord? stored, bool includeNormalised)
    {
        var r = recognition.Result;
        return new PredictionResponse
        {
            Id = stored?.Id,
            CreatedAt = stored?.CreatedAt,
            Digit = r.Prediction.Digit,
            Confidence = r.Prediction.Confidence,
            Probabilities = r.Prediction.Probabilities,
            Uncertain = r.Prediction.IsUncertain,
            RunnerUp = r.Prediction.RunnerUp,
            TimingsMs = new TimingsMs(r.Timings.DecodeMs, r.Timings.PreprocessMs, r.Timings.InferenceMs),
            Format = r.Format.ToString(),
            Width = r.Width,
            Height = r.Height,
            SizeBytes = recognition.SizeBytes,
            Sha256 = recognition.Sha256,
            FileName = recognition.FileName,
            NormalisedPng = includeNormalised ? Convert.ToBase64String(PngEncoder.Encode(r.Normalised.Final)) : null,
        };
    }

    /// <summary>Builds the response for a stored history item.</summary>
    public static PredictionResponse From(PredictionRecord record)
    {
        var prediction = new Prediction(record.Digit, record.Confidence, record.Probabilities);
        return new PredictionResponse
        {
            Id = record.Id,
            CreatedAt = record.CreatedAt,
            Digit = record.Digit,
            Confidence = record.Confidence,
            Probabilities = record.Probabilities,
            Uncertain = prediction.IsUncertain,
            RunnerUp = prediction.RunnerUp,
            TimingsMs = new TimingsMs(record.DecodeMs, record.PreprocessMs, record.InferenceMs),
            Format = record.Format,
            Width = record.Width,
            Height = record.Height,
            SizeBytes = record.SizeBytes,
            Sha256 = record.Sha256,
            FileName = record.FileName,
        };
    }
}
