namespace DigitReader.Web.Features.Predictions;

/// <summary>One uploaded file, fully read into memory (uploads are capped at a few MB).</summary>
/// <param name="FileName">The client's file name, if it sent one (directory parts removed).</param>
/// <param name="Bytes">The content.</param>
public sealed record UploadedFile(string? FileName, byte[] Bytes)
{
    /// <summary>The multipart part's name, or null for a raw body.</summary>
    public string? PartName { get; init; }
}
