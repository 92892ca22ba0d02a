namespace DigitReader.Web.Data;

/// <summary>
/// One recognition a logged-in user made, with the uploaded file itself. The original bytes live in
/// the database (not on disk) so a backup of the database is a backup of everything, and deleting a
/// row deletes the image with it.
/// </summary>
public sealed class PredictionRecord
{
    /// <summary>Primary key; the id the API and history pages use.</summary>
    public Guid Id { get; set; }

    /// <summary>The owner; other users get 404 for this record.</summary>
    public Guid UserId { get; set; }

    /// <summary>When the image was recognised (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The client's file name, if it sent one (display only, never used as a path).</summary>
    public string? FileName { get; set; }

    /// <summary>The detected format: PNG, JPEG, BMP or Netpbm.</summary>
    public required string Format { get; set; }

    /// <summary>Decoded width, pixels.</summary>
    public int Width { get; set; }

    /// <summary>Decoded height, pixels.</summary>
    public int Height { get; set; }

    /// <summary>Size of the uploaded file, bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the uploaded file.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The predicted digit, 0–9.</summary>
    public int Digit { get; set; }

    /// <summary>Probability of <see cref="Digit"/>, 0–1.</summary>
    public float Confidence { get; set; }

    /// <summary>All ten probabilities (index = digit); stored as text so both providers use one column type.</summary>
    public required float[] Probabilities { get; set; }

    /// <summary>Decode time, milliseconds.</summary>
    public double DecodeMs { get; set; }

    /// <summary>Normalisation time, milliseconds.</summary>
    public double PreprocessMs { get; set; }

    /// <summary>Network time, milliseconds.</summary>
    public double InferenceMs { get; set; }

    /// <summary>The uploaded file, byte for byte.</summary>
    public required byte[] ImageBytes { get; set; }

    /// <summary>A grayscale PNG of the upload, at most 160 px a side, for history lists.</summary>
    public required byte[] ThumbnailPng { get; set; }
}
