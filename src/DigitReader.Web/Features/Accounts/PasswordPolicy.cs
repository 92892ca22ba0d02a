namespace DigitReader.Web.Features.Accounts;

/// <summary>
/// The password rules: at least <see cref="MinLength"/> characters, characters from at least two classes
/// (lower case, upper case, digits, other), and not the e-mail address itself.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>Shortest accepted password, characters.</summary>
    public const int MinLength = 10;

    /// <summary>Longest accepted password, characters (bounds the hashing work an attacker can ask for).</summary>
    public const int MaxLength = 256;

    /// <summary>The rules in one sentence, for forms.</summary>
    public const string Description = "At least 10 characters, mixing at least two kinds (lower case, upper case, digits, symbols), and not your e-mail address.";

    /// <summary>What is wrong with <paramref name="password"/>, or null when it is acceptable.</summary>
    public static string? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            return $"The password must be at least {MinLength} characters long.";
        if (password.Length > MaxLength)
            return $"The password must be at most {MaxLength} characters long.";
        int classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (classes < 2)
            return "The password must mix at least two kinds of characters: lower case, upper case, digits or symbols.";
        if (!string.IsNullOrWhiteSpace(email) && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
            return "The password must not be your e-mail address.";
        return null;
    }
}
