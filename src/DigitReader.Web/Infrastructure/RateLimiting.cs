using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DigitReader.Web.Infrastructure;

/// <summary>
/// Per-IP rate limits on the two expensive or abusable actions: recognition (CPU) and log-in /
/// registration (password guessing, PBKDF2 cost). Only POSTs are limited, so reading pages never is.
/// Rejections answer 429 with Retry-After, as problem+json for the API and as a short page otherwise.
/// </summary>
public static class RateLimiting
{
    /// <summary>Registers the limiter.</summary>
    public static IServiceCollection AddAppRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        string? policy = Classify(context.Request);
        if (policy is null) return RateLimitPartition.GetNoLimiter("none");
        var limit = policy == "accounts" ? limits.Accounts : limits.Recognition;
        string ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}|{ip}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitLimit),
            Window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds)),
            QueueLimit = 0,
        });
    }

    /// <summary>"accounts", "recognition" or null (not limited).</summary>
    private static string? Classify(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method)) return null;
        var path = request.Path;
        if (path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/Account/Register", StringComparison.OrdinalIgnoreCase)) return "accounts";
        if (path.StartsWithSegments("/api/v1/predictions", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/Recognise", StringComparison.OrdinalIgnoreCase)) return "recognition";
        return null;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        int seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        string detail = $"Too many requests from your address. Try again in {seconds} seconds.";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>Too many requests – DigitReader</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>"
            + $"<body><main class=\"container\"><h1>Slow down a little</h1><p class=\"alert alert-error\" role=\"alert\">{detail}</p>"
            + "<p><a href=\"/Recognise\">Recognise a digit</a> · <a href=\"/\">Home</a></p></main></body></html>", ct);
    }
}
