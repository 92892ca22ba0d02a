using System.Security.Claims;

namespace DigitReader.Web.Features.Accounts;

/// <summary>Reads the signed-in user's id from the claims, whichever scheme (cookie or API key) signed them in.</summary>
public static class UserExtensions
{
    /// <summary>The user's id, or null for an anonymous caller.</summary>
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
