using Microsoft.AspNetCore.Mvc;

namespace DigitReader.Web.Features.Predictions;

/// <summary>One file's outcome in a batch: exactly one of <see cref="Result"/> and <see cref="Error"/> is set.</summary>
/// <param name="Index">Position of the file part in the request, from 0.</param>
/// <param name="FileName">The part's file name, if any.</param>
/// <param name="Status">The status this file alone would have had: 200, 413, 415 or 422.</param>
/// <param name="Result">The prediction, on success.</param>
/// <param name="Error">An RFC 9457 problem, on failure.</param>
public sealed record BatchItem(int Index, string? FileName, int Status, PredictionResponse? Result, ProblemDetails? Error);

/// <summary>The batch response: one item per file part, in request order.</summary>
public sealed record BatchResponse(IReadOnlyList<BatchItem> Items);
