using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.History;
using DigitReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DigitReader.Web.Features.Predictions;

/// <summary>
/// <c>POST /api/v1/predictions</c> and <c>POST /api/v1/predictions/batch</c>: recognise uploaded images.
/// Anyone may call them; a signed-in caller (cookie or API key) also gets the result stored in history.
/// </summary>
public static class PredictionEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/predictions").WithTags("Predictions")
            // The body is read by hand (multipart or raw) and cookie-authenticated writes are covered by the
            // SameSite=Lax cookie, so the automatic form antiforgery check does not apply here.
            .DisableAntiforgery();

        group.MapPost("", CreateAsync)
            .WithSummary("Recognise one image")
            .WithDescription("Send the image as a multipart/form-data part named 'file' (or a single file part under any name), "
                + "or as the raw request body with any non-multipart content type. 201 with a Location when stored in the caller's history, "
                + "otherwise 200. ?include=normalised adds the 28×28 network input as a base64 PNG; ?save=false skips history.")
            .DescribeUpload(batch: false)
            .Produces<PredictionResponse>(StatusCodes.Status200OK)
            .Produces<PredictionResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/batch", BatchAsync)
            .WithSummary("Recognise several images")
            .WithDescription("Several multipart/form-data file parts; answers 200 with one item per part, in order, each a result or a problem.")
            .DescribeUpload(batch: true)
            .Produces<BatchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, RecognitionService recognition, HistoryService history, IOptions<UploadOptions> uploads,
        [FromQuery] string? include, [FromQuery] string? save)
    {
        if (RejectBadKey(context) is { } unauthorized) return unauthorized;
        if (!TryParseInclude(include, out bool includeNormalised)) return ApiProblems.BadField("The 'include' parameter accepts only 'normalised'.");
        if (!TryParseSave(save, out bool store)) return ApiProblems.BadField("The 'save' parameter must be true or false.");
        try
        {
            var file = await UploadReader.ReadOneAsync(context.Request, uploads.Value.MaxBytes, context.RequestAborted);
            var result = recognition.Recognize(file.Bytes, file.FileName);
            if (store && context.User.UserId() is { } userId)
            {
                var record = await history.SaveAsync(userId, result, file.Bytes, context.RequestAborted);
                return Results.Created($"/api/v1/predictions/{record.Id}", PredictionResponse.From(result, record, includeNormalised));
            }
            return Results.Ok(PredictionResponse.From(result, null, includeNormalised));
        }
        catch (Exception e) when (ProblemCatalog.Describe(e) is { } problem)
        {
            return ApiProblems.From(problem);
        }
    }

    private static async Task<IResult> BatchAsync(
        HttpContext context, RecognitionService recognition, HistoryService history, IOptions<UploadOptions> uploads, [FromQuery] string? save)
    {
        if (RejectBadKey(context) is { } unauthorized) return unauthorized;
        if (!TryParseSave(save, out bool store)) return ApiProblems.BadField("The 'save' parameter must be true or false.");
        IReadOnlyList<UploadedFile> files;
        try
        {
            if (!context.Request.HasFormContentType || !context.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
                return ApiProblems.BadField("A batch must be multipart/form-data with one file part per image.");
            files = await UploadReader.ReadAllAsync(context.Request, uploads.Value.MaxBytes, context.RequestAborted);
        }
        catch (UploadException e)
        {
            return ApiProblems.From(ProblemCatalog.Describe(e)!);
        }
        if (files.Count == 0) return ApiProblems.From(ProblemCatalog.Describe(UploadException.Missing())!);
        if (files.Count > uploads.Value.MaxBatchFiles)
            return ApiProblems.BadField($"A batch may hold at most {uploads.Value.MaxBatchFiles} files; this one has {files.Count}.");

        var items = new List<BatchItem>(files.Count);
        var userId = store ? context.User.UserId() : null;
        for (int i = 0; i < files.Count; i++)
        {
            var file = files[i];
            try
            {
                var result = recognition.Recognize(file.Bytes, file.FileName);
                var record = userId is { } id ? await history.SaveAsync(id, result, file.Bytes, context.RequestAborted) : null;
                items.Add(new BatchItem(i, file.FileName, StatusCodes.Status200OK, PredictionResponse.From(result, record, false), null));
            }
            catch (Exception e) when (ProblemCatalog.Describe(e) is { } problem)
            {
                var details = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail };
                items.Add(new BatchItem(i, file.FileName, problem.Status, null, details));
            }
        }
        return Results.Ok(new BatchResponse(items));
    }

    /// <summary>
    /// A request that carries an API key the authentication step rejected answers 401 rather than being
    /// served anonymously: the caller meant to be signed in and would otherwise lose their history silently.
    /// </summary>
    private static IResult? RejectBadKey(HttpContext context) =>
        ApiKeyAuthenticationHandler.ReadKey(context.Request) is not null && context.User.UserId() is null
            ? Results.Challenge(authenticationSchemes: [ApiKeyAuthenticationHandler.SchemeName])
            : null;

    private static bool TryParseInclude(string? include, out bool normalised)
    {
        normalised = include is not null;
        return include is null or "normalised" or "normalized";
    }

    private static bool TryParseSave(string? save, out bool store)
    {
        store = true;
        return save is null || bool.TryParse(save, out store);
    }
}
