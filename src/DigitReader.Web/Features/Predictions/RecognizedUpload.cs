using DigitReader.Recognition;

namespace DigitReader.Web.Features.Predictions;

/// <summary>A recognised upload: the library's result plus facts about the file itself.</summary>
/// <param name="Result">Prediction, intermediates, format, size and timings.</param>
/// <param name="FileName">The client's file name, if any.</param>
/// <param name="SizeBytes">Length of the file, bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
public sealed record RecognizedUpload(RecognitionResult Result, string? FileName, long SizeBytes, string Sha256);
