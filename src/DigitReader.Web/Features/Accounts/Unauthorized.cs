namespace DigitReader.Web.Features.Accounts;

/// <summary>Writes the API's 401 problem+json (the cookie scheme would otherwise redirect to the log-in page).</summary>
public static class Unauthorized
{
    /// <summary>Writes a 401 with <paramref name="detail"/>.</summary>
    public static Task WriteAsync(HttpContext context, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: detail)
            .ExecuteAsync(context);
}
