namespace DigitReader.Web.Data;

/// <summary>
/// A per-user API key. Only the SHA-256 of the key is stored: the key itself is shown once, at creation.
/// A plain (unsalted) hash is enough because keys are 256-bit random values, not guessable passwords.
/// </summary>
public sealed class ApiKey
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The owner.</summary>
    public Guid UserId { get; set; }

    /// <summary>A label the user chose ("laptop script").</summary>
    public required string Name { get; set; }

    /// <summary>The key's first characters, so the user can tell keys apart; not enough to use it.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key, unique.</summary>
    public required string KeyHash { get; set; }

    /// <summary>When the key was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the key was revoked (UTC); null while it is valid.</summary>
    public DateTime? RevokedAt { get; set; }
}
