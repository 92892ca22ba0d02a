namespace DigitReader.Web.Features.Predictions;

/// <summary>The request itself is wrong (400: no file, bad field) or too large (413), before any decoding.</summary>
public sealed class UploadException(int status, string title, string detail) : Exception(detail)
{
    /// <summary>HTTP status: 400 or 413.</summary>
    public int Status { get; } = status;

    /// <summary>Short title for problem details.</summary>
    public string Title { get; } = title;

    /// <summary>A 400 "missing file" problem.</summary>
    public static UploadException Missing() => new(StatusCodes.Status400BadRequest, "No image",
        "No image was sent. Send the file as a multipart/form-data part named 'file', or as the raw request body.");

    /// <summary>A 413 problem for a body over <paramref name="maxBytes"/>.</summary>
    public static UploadException TooLarge(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge, "Upload too large",
        $"The upload is larger than the limit of {maxBytes / 1_000_000.0:0.#} MB. Send a smaller image (a digit needs only a few hundred pixels a side).");

    /// <summary>A 400 problem for a bad field.</summary>
    public static UploadException BadField(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);
}
