namespace DigitReader.Web.Features.Predictions;

/// <summary>Upload limits, bound from the <c>Uploads</c> configuration section.</summary>
public sealed class UploadOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Uploads";

    /// <summary>
    /// Largest accepted request body, bytes (default 20,000,000). Also the decoder's file limit; a batch's
    /// files share it.
    /// </summary>
    public long MaxBytes { get; set; } = 20_000_000;

    /// <summary>Most files in one batch request (default 16).</summary>
    public int MaxBatchFiles { get; set; } = 16;

    /// <summary>Allowance on top of <see cref="MaxBytes"/> for multipart boundaries and headers, bytes.</summary>
    public const long MultipartOverhead = 64 * 1024;
}
