using DigitReader.Web.Data;

namespace DigitReader.Web.Features.Accounts;

/// <summary>The outcome of a registration: the new user, or the problems keyed by form field name.</summary>
public sealed record RegistrationResult(User? User, IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>True when the account was created.</summary>
    public bool Succeeded => User is not null;
}
