using DigitReader.Imaging;
using DigitReader.Recognition;
using DigitReader.Web.Data;
using DigitReader.Web.Features.Predictions;
using DigitReader.Web.Imaging;
using DigitReader.Web.Infrastructure;

namespace DigitReader.Web.Pages.Shared;

/// <summary>
/// Everything the result partial shows. Images are data: URIs (allowed by the CSP) so an anonymous
/// result needs no server-side storage; only a stored original is linked by URL.
/// </summary>
public sealed class ResultView
{
    /// <summary>Largest original inlined as a data: URI, bytes; larger ones are shown as a grayscale preview.</summary>
    public const int MaxInlineOriginal = 1_500_000;

    /// <summary>History id when stored.</summary>
    public Guid? Id { get; init; }

    /// <summary>The predicted digit.</summary>
    public required Prediction Prediction { get; init; }

    /// <summary>Detected format, e.g. "Png".</summary>
    public required string Format { get; init; }

    /// <summary>Decoded size, pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Decoded size, pixels.</summary>
    public required int Height { get; init; }

    /// <summary>File size, bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Hex SHA-256 of the file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The client's file name.</summary>
    public string? FileName { get; init; }

    /// <summary>Stage timings, milliseconds.</summary>
    public required StageTimings Timings { get; init; }

    /// <summary>When it was recognised (UTC), if stored.</summary>
    public DateTime? CreatedAt { get; init; }

    /// <summary>URL or data: URI of the uploaded image (or its grayscale preview).</summary>
    public required string UploadSrc { get; init; }

    /// <summary>Data: URI of the 28 × 28 network input, ink bright.</summary>
    public required string NormalisedSrc { get; init; }

    /// <summary>Data: URIs of the first layer's feature maps, one per channel.</summary>
    public required IReadOnlyList<string> FeatureMapSrcs { get; init; }

    /// <summary>True when the source was light ink on dark.</summary>
    public bool LightInkOnDark { get; init; }

    /// <summary>True when the digit was read on a sheet of paper cut out of a photo of it on a darker surface.</summary>
    public bool OnSheet { get; init; }

    /// <summary>Builds the view from a fresh recognition and the uploaded bytes.</summary>
    public static ResultView Build(RecognitionService service, RecognizedUpload recognition, byte[] file, PredictionRecord? stored)
    {
        var r = recognition.Result;
        string format = r.Format.ToString();
        string upload = stored is not null && MediaTypes.BrowserCanShow(format)
            ? $"/api/v1/predictions/{stored.Id}/image"
            : MediaTypes.BrowserCanShow(format) && file.Length <= MaxInlineOriginal
                ? DataUri(MediaTypes.For(format), file)
                : DataUri("image/png", PngEncoder.Encode(ImageRendering.Thumbnail(r.Source, 512)));
        return new ResultView
        {
            Id = stored?.Id,
            CreatedAt = stored?.CreatedAt,
            // A stored item shows what was stored, so the page and the API always agree.
            Prediction = stored is null ? r.Prediction : new Prediction(stored.Digit, stored.Confidence, stored.Probabilities),
            Format = format,
            Width = r.Width,
            Height = r.Height,
            SizeBytes = recognition.SizeBytes,
            Sha256 = recognition.Sha256,
            FileName = stored?.FileName ?? recognition.FileName,
            Timings = stored is null ? r.Timings : new StageTimings(stored.DecodeMs, stored.PreprocessMs, stored.InferenceMs),
            UploadSrc = upload,
            NormalisedSrc = DataUri("image/png", PngEncoder.Encode(r.Normalised.Final)),
            FeatureMapSrcs = service.FeatureMaps(r).Select(map => DataUri("image/png", PngEncoder.Encode(ImageRendering.FeatureMap(map)))).ToList(),
            LightInkOnDark = r.Normalised.LightInkOnDark,
            OnSheet = r.Normalised.Sheet is not null,
        };
    }

    private static string DataUri(string mediaType, byte[] bytes) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
}
