using System.Security.Cryptography;
using System.Text;
using DigitReader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitReader.Web.Features.Accounts;

/// <summary>Creates, lists, revokes and checks per-user API keys. Only SHA-256 hashes are stored.</summary>
public sealed class ApiKeyService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Every key starts with this, so a leaked key is recognisable in logs and scanners.</summary>
    public const string KeyPrefix = "dr_";

    /// <summary>Creates a key for the user.</summary>
    /// <returns>The stored record and the key itself, which is never shown again.</returns>
    public async Task<(ApiKey Record, string Key)> CreateAsync(Guid userId, string? name, CancellationToken ct)
    {
        string key = KeyPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "API key" : name.Trim()[..Math.Min(name.Trim().Length, 100)],
            Prefix = key[..10],
            KeyHash = Hash(key),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(ct);
        return (record, key);
    }

    /// <summary>The user's keys, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(Guid userId, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);

    /// <summary>Revokes one of the user's keys; it stops working at once.</summary>
    /// <returns>False when the user has no such active key.</returns>
    public async Task<bool> RevokeAsync(Guid userId, Guid keyId, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId && k.RevokedAt == null, ct);
        if (key is null) return false;
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The owner of an active key, or null.</summary>
    public async Task<User?> FindUserAsync(string key, CancellationToken ct)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 200) return null;
        string hash = Hash(key);
        var userId = await db.ApiKeys.Where(k => k.KeyHash == hash && k.RevokedAt == null).Select(k => (Guid?)k.UserId).FirstOrDefaultAsync(ct);
        return userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
    }

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
