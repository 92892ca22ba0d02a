using DigitReader.Imaging;
using DigitReader.Web.Data;
using DigitReader.Web.Features.Predictions;
using DigitReader.Web.Imaging;
using Microsoft.EntityFrameworkCore;

namespace DigitReader.Web.Features.History;

/// <summary>
/// A user's recognition history. Every query is filtered by the owner, so one user's id in another
/// user's request simply finds nothing (the endpoints answer 404, never 403, to not confirm it exists).
/// </summary>
public sealed class HistoryService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Largest page size for <see cref="ListAsync"/>.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Longest side of stored thumbnails, pixels.</summary>
    public const int ThumbnailSide = 160;

    /// <summary>Stores a recognised upload with its original bytes and a thumbnail.</summary>
    public async Task<PredictionRecord> SaveAsync(Guid userId, RecognizedUpload recognition, byte[] file, CancellationToken ct)
    {
        var r = recognition.Result;
        var record = new PredictionRecord
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            FileName = Truncate(recognition.FileName, 255),
            Format = r.Format.ToString(),
            Width = r.Width,
            Height = r.Height,
            SizeBytes = recognition.SizeBytes,
            Sha256 = recognition.Sha256,
            Digit = r.Prediction.Digit,
            Confidence = r.Prediction.Confidence,
            Probabilities = r.Prediction.Probabilities.ToArray(),
            DecodeMs = r.Timings.DecodeMs,
            PreprocessMs = r.Timings.PreprocessMs,
            InferenceMs = r.Timings.InferenceMs,
            ImageBytes = file,
            ThumbnailPng = PngEncoder.Encode(ImageRendering.Thumbnail(r.Source, ThumbnailSide)),
        };
        db.Predictions.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>One of the user's records, with its image bytes; null if absent or someone else's.</summary>
    public Task<PredictionRecord?> GetAsync(Guid userId, Guid id, CancellationToken ct) =>
        db.Predictions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.UserId == userId, ct);

    /// <summary>The thumbnail PNG of one of the user's records; null if absent or someone else's.</summary>
    public Task<byte[]?> GetThumbnailAsync(Guid userId, Guid id, CancellationToken ct) =>
        db.Predictions.Where(p => p.Id == id && p.UserId == userId).Select(p => p.ThumbnailPng).FirstOrDefaultAsync(ct);

    /// <summary>
    /// A page of the user's records, newest first. The records come without <c>ImageBytes</c> and
    /// <c>ThumbnailPng</c> (empty arrays) so a list never loads megabytes of images.
    /// </summary>
    /// <param name="userId">The owner.</param>
    /// <param name="page">Page number from 1.</param>
    /// <param name="pageSize">Items per page, 1–<see cref="MaxPageSize"/>.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<(IReadOnlyList<PredictionRecord> Items, int Total)> ListAsync(Guid userId, int page, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var mine = db.Predictions.AsNoTracking().Where(p => p.UserId == userId);
        int total = await mine.CountAsync(ct);
        var items = await WithoutImages(mine.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Deletes one of the user's records.</summary>
    /// <returns>False when there was no such record of this user.</returns>
    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken ct) =>
        await db.Predictions.Where(p => p.Id == id && p.UserId == userId).ExecuteDeleteAsync(ct) > 0;

    /// <summary>Deletes all of the user's records.</summary>
    /// <returns>How many were deleted.</returns>
    public Task<int> DeleteAllAsync(Guid userId, CancellationToken ct) =>
        db.Predictions.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);

    /// <summary>All of the user's records, newest first, without images, for the CSV export.</summary>
    public async Task<IReadOnlyList<PredictionRecord>> AllAsync(Guid userId, CancellationToken ct) =>
        await WithoutImages(db.Predictions.AsNoTracking().Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)).ToListAsync(ct);

    private static IQueryable<PredictionRecord> WithoutImages(IQueryable<PredictionRecord> query) =>
        query.Select(p => new PredictionRecord
        {
            Id = p.Id, UserId = p.UserId, CreatedAt = p.CreatedAt, FileName = p.FileName, Format = p.Format,
            Width = p.Width, Height = p.Height, SizeBytes = p.SizeBytes, Sha256 = p.Sha256, Digit = p.Digit,
            Confidence = p.Confidence, Probabilities = p.Probabilities, DecodeMs = p.DecodeMs,
            PreprocessMs = p.PreprocessMs, InferenceMs = p.InferenceMs,
            ImageBytes = Array.Empty<byte>(), ThumbnailPng = Array.Empty<byte>(),
        });

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
