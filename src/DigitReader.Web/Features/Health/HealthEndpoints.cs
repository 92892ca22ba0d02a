using DigitReader.Web.Data;
using DigitReader.Web.Features.Predictions;

namespace DigitReader.Web.Features.Health;

/// <summary>The model's state in <c>/healthz</c>.</summary>
public sealed record ModelHealth(bool Loaded, string Name, string Version, string? Error);

/// <summary>The database's state in <c>/healthz</c>.</summary>
public sealed record DatabaseHealth(bool Reachable, string Provider);

/// <summary>The <c>/healthz</c> body: <c>status</c> is "ok" or "unhealthy".</summary>
public sealed record HealthReport(string Status, ModelHealth Model, DatabaseHealth Database);

/// <summary><c>GET /healthz</c>: 200 when the model is loaded and the database answers, else 503.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync).WithTags("Health").WithSummary("Model and database status")
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .DisableRateLimiting();
        return app;
    }

    private static async Task<IResult> CheckAsync(ModelHost model, AppDbContext db, HttpContext context)
    {
        bool reachable;
        try
        {
            reachable = await db.Database.CanConnectAsync(context.RequestAborted);
        }
        catch (Exception)
        {
            // CanConnect reports most failures as false; anything it still throws means the same.
            reachable = false;
        }
        string provider = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? "PostgreSQL" : "SQLite";
        bool healthy = model.IsLoaded && reachable;
        var report = new HealthReport(healthy ? "ok" : "unhealthy",
            new ModelHealth(model.IsLoaded, model.Name, model.Version, model.LoadError),
            new DatabaseHealth(reachable, provider));
        return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
