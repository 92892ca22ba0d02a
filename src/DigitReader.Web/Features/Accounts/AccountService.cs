using System.Net.Mail;
using System.Security.Claims;
using DigitReader.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DigitReader.Web.Features.Accounts;

/// <summary>Registration and password checks over the Users table; passwords are hashed with PBKDF2 (<see cref="PasswordHasher{TUser}"/>).</summary>
public sealed class AccountService(AppDbContext db, IPasswordHasher<User> hasher, TimeProvider clock)
{
    /// <summary>Validates the fields and creates the account.</summary>
    /// <returns>The user, or errors keyed by field: Name, Email, Password.</returns>
    public async Task<RegistrationResult> RegisterAsync(string? name, string? email, string? password, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        name = name?.Trim();
        email = email?.Trim();
        if (string.IsNullOrEmpty(name)) errors["Name"] = "Enter your name.";
        else if (name.Length > 100) errors["Name"] = "The name must be at most 100 characters.";

        if (string.IsNullOrEmpty(email)) errors["Email"] = "Enter your e-mail address.";
        else if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            errors["Email"] = "Enter an e-mail address like name@example.com.";

        if (PasswordPolicy.Check(password, email) is { } passwordError) errors["Password"] = passwordError;

        string normalized = Normalize(email ?? "");
        if (!errors.ContainsKey("Email") && await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
            errors["Email"] = "An account with this e-mail address already exists. Log in instead.";
        if (errors.Count > 0) return new RegistrationResult(null, errors);

        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            Email = email!,
            NormalizedEmail = normalized,
            PasswordHash = "",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = hasher.HashPassword(user, password!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two registrations for one address raced past the check; the unique index decided.
            return new RegistrationResult(null, new Dictionary<string, string> { ["Email"] = "An account with this e-mail address already exists." });
        }
        return new RegistrationResult(user, errors);
    }

    /// <summary>The user with this e-mail and password, or null. Rehashes when the hasher asks for it.</summary>
    public async Task<User?> VerifyAsync(string? email, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || password.Length > PasswordPolicy.MaxLength) return null;
        string normalized = Normalize(email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            // Spend the same PBKDF2 time as for a real account, so response time does not reveal which addresses exist.
            hasher.HashPassword(new User { Name = "", Email = "", NormalizedEmail = "", PasswordHash = "" }, password);
            return null;
        }
        var outcome = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (outcome == PasswordVerificationResult.Failed) return null;
        if (outcome == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(ct);
        }
        return user;
    }

    /// <summary>The claims principal a signed-in user carries, for the cookie.</summary>
    public static ClaimsPrincipal Principal(User user, string scheme = CookieAuthenticationDefaults.AuthenticationScheme) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Email, user.Email),
        ], scheme));

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
