using DigitReader.Imaging;
using DigitReader.Preprocessing;

namespace DigitReader.Web.Features.Predictions;

/// <summary>An HTTP status with a title and a sentence a person can act on.</summary>
public sealed record Problem(int Status, string Title, string Detail);

/// <summary>
/// The single place that decides how a recognition failure is reported, so the API's problem+json
/// and the pages' messages always agree.
/// </summary>
public static class ProblemCatalog
{
    /// <summary>Maps a failure to its status: 413 too large, 415 unsupported, 422 unreadable or no digit, 503 no model.</summary>
    /// <returns>The problem, or null when the exception is not a recognition failure (a bug: let it become a 500).</returns>
    public static Problem? Describe(Exception exception) => exception switch
    {
        ImageDecodeException { Reason: DecodeErrorReason.FileTooLarge or DecodeErrorReason.ImageTooLarge } e
            => new(StatusCodes.Status413PayloadTooLarge, "Image too large", e.Message),
        ImageDecodeException { Reason: DecodeErrorReason.UnsupportedFormat or DecodeErrorReason.UnsupportedFeature } e
            => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported image", e.Message),
        ImageDecodeException { Reason: DecodeErrorReason.Empty } e
            => new(StatusCodes.Status422UnprocessableEntity, "Empty file", e.Message),
        ImageDecodeException e
            => new(StatusCodes.Status422UnprocessableEntity, "Image could not be read",
                $"{e.Message} The file may be damaged or incomplete; try saving it again."),
        NoDigitFoundException e
            => new(StatusCodes.Status422UnprocessableEntity, "No digit found",
                $"{e.Message} Write one digit in dark ink on light paper (or light on dark) and fill most of the frame."),
        ModelUnavailableException e
            => new(StatusCodes.Status503ServiceUnavailable, "Recognition unavailable", e.Message),
        UploadException e => new(e.Status, e.Title, e.Message),
        _ => null,
    };
}
