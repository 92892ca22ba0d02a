using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.Predictions;
using DigitReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace DigitReader.Web.Features.History;

/// <summary>A page of history (JSON <c>items</c>, <c>page</c>, <c>page_size</c>, <c>total</c>).</summary>
public sealed record HistoryPage(IReadOnlyList<PredictionResponse> Items, int Page, int PageSize, int Total);

/// <summary>Deleted count for <c>DELETE /api/v1/predictions</c>.</summary>
public sealed record DeletedCount(int Deleted);

/// <summary>
/// The caller's own history under <c>/api/v1/predictions</c>: read, page, delete one, delete all, CSV.
/// Authenticated by cookie or API key; anonymous callers get 401, other users' ids 404.
/// </summary>
public static class HistoryEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/predictions").WithTags("History").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("", ListAsync).WithSummary("List your predictions, newest first")
            .Produces<HistoryPage>().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One of your predictions")
            .Produces<PredictionResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/image", ImageAsync).WithSummary("The uploaded file, byte for byte")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/thumbnail", ThumbnailAsync).WithSummary("A grayscale PNG thumbnail (at most 160 px a side)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/export.csv", ExportAsync).WithSummary("All your predictions as CSV")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete one of your predictions")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("", DeleteAllAsync).WithSummary("Delete all your predictions").Produces<DeletedCount>();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, HistoryService history,
        [FromQuery] string? page, [FromQuery(Name = "page_size")] string? pageSize)
    {
        if (!TryParseRange(page, 1, 1, int.MaxValue, out int pageNumber))
            return ApiProblems.BadField("'page' must be a whole number from 1.");
        if (!TryParseRange(pageSize, 20, 1, HistoryService.MaxPageSize, out int size))
            return ApiProblems.BadField($"'page_size' must be a whole number from 1 to {HistoryService.MaxPageSize}.");
        var (items, total) = await history.ListAsync(context.User.UserId()!.Value, pageNumber, size, context.RequestAborted);
        return Results.Ok(new HistoryPage(items.Select(PredictionResponse.From).ToList(), pageNumber, size, total));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext context, HistoryService history) =>
        await history.GetAsync(context.User.UserId()!.Value, id, context.RequestAborted) is { } record
            ? Results.Ok(PredictionResponse.From(record))
            : ApiProblems.NotFound();

    private static async Task<IResult> ImageAsync(Guid id, HttpContext context, HistoryService history)
    {
        if (await history.GetAsync(context.User.UserId()!.Value, id, context.RequestAborted) is not { } record) return ApiProblems.NotFound();
        return Results.File(record.ImageBytes, MediaTypes.For(record.Format), record.FileName ?? $"{record.Id}.{MediaTypes.Extension(record.Format)}");
    }

    private static async Task<IResult> ThumbnailAsync(Guid id, HttpContext context, HistoryService history) =>
        await history.GetThumbnailAsync(context.User.UserId()!.Value, id, context.RequestAborted) is { } png
            ? Results.File(png, "image/png")
            : ApiProblems.NotFound();

    private static async Task<IResult> ExportAsync(HttpContext context, HistoryService history)
    {
        var records = await history.AllAsync(context.User.UserId()!.Value, context.RequestAborted);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(HistoryCsv.Write(records)), "text/csv; charset=utf-8", "digitreader-history.csv");
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext context, HistoryService history) =>
        await history.DeleteAsync(context.User.UserId()!.Value, id, context.RequestAborted) ? Results.NoContent() : ApiProblems.NotFound();

    private static async Task<IResult> DeleteAllAsync(HttpContext context, HistoryService history) =>
        Results.Ok(new DeletedCount(await history.DeleteAllAsync(context.User.UserId()!.Value, context.RequestAborted)));

    private static bool TryParseRange(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (text is null) return true;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
