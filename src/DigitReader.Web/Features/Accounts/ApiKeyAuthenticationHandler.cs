using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DigitReader.Web.Features.Accounts;

/// <summary>
/// Authenticates a request by an API key in <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-API-Key</c>.
/// A request without either gets no result (so cookies can be tried); a wrong or revoked key fails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The alternative header.</summary>
    public const string HeaderName = "X-API-Key";

    /// <summary>The key the request carries, or null.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is [{ Length: > 0 } key, ..]) return key.Trim();
        string? authorization = request.Headers.Authorization;
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = ReadKey(Request);
        if (key is null) return AuthenticateResult.NoResult();
        var user = await keys.FindUserAsync(key, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        return AuthenticateResult.Success(new AuthenticationTicket(AccountService.Principal(user, SchemeName), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Unauthorized.WriteAsync(Context, ReadKey(Request) is null
            ? "Log in, or send an API key in 'Authorization: Bearer <key>' or 'X-API-Key'."
            : "The API key is not valid or has been revoked. Create a new one on your account page.");
    }
}
