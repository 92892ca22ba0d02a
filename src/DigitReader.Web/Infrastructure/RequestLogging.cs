using System.Diagnostics;

namespace DigitReader.Web.Infrastructure;

/// <summary>
/// One structured log line per request: method, path, status and elapsed milliseconds (as named
/// properties, so the JSON console formatter emits them as fields). The query string is left out: it
/// can carry tokens.
/// </summary>
public static class RequestLogging
{
    /// <summary>Adds the middleware; log category <c>DigitReader.Web.Requests</c>.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("DigitReader.Web.Requests");
        return app.Use(async (context, next) =>
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                await next();
            }
            finally
            {
                double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                logger.LogInformation("HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, elapsedMs);
            }
        });
    }
}
