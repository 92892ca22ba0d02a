using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DigitReader.Web.Data;

/// <summary>
/// The application's database: users, their API keys and their recognition history. The same model
/// and the same hand-written migrations serve SQLite and PostgreSQL, so column types are left to the
/// provider (see <see cref="Migrations.Initial"/>).
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    /// <summary>Registered users.</summary>
    public DbSet<User> Users => Set<User>();

    /// <summary>API keys (hashes only).</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Recognition history.</summary>
    public DbSet<PredictionRecord> Predictions => Set<PredictionRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder model)
    {
        // SQLite hands DateTime back with Kind=Unspecified; every time we store is UTC, so say so on the
        // way out (and PostgreSQL's timestamptz insists on UTC on the way in).
        var utc = new ValueConverter<DateTime, DateTime>(v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

        model.Entity<User>(e =>
        {
            e.ToTable("Users");
            e.Property(u => u.Name).HasMaxLength(100);
            e.Property(u => u.Email).HasMaxLength(254);
            e.Property(u => u.NormalizedEmail).HasMaxLength(254);
            e.Property(u => u.CreatedAt).HasConversion(utc);
            e.HasIndex(u => u.NormalizedEmail).IsUnique();
        });

        model.Entity<ApiKey>(e =>
        {
            e.ToTable("ApiKeys");
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.KeyHash).HasMaxLength(64);
            e.Property(k => k.CreatedAt).HasConversion(utc);
            e.Property(k => k.RevokedAt).HasConversion(utc);
            e.HasIndex(k => k.KeyHash).IsUnique();
            e.HasIndex(k => k.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<PredictionRecord>(e =>
        {
            e.ToTable("Predictions");
            e.Property(p => p.FileName).HasMaxLength(255);
            e.Property(p => p.Format).HasMaxLength(16);
            e.Property(p => p.Sha256).HasMaxLength(64);
            e.Property(p => p.CreatedAt).HasConversion(utc);
            e.Property(p => p.Probabilities).HasConversion(ProbabilitiesConverter, ProbabilitiesComparer).HasMaxLength(400);
            e.HasIndex(p => new { p.UserId, p.CreatedAt });
            e.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>Ten floats as "p0;p1;…;p9", round-trippable and culture-invariant.</summary>
    private static readonly ValueConverter<float[], string> ProbabilitiesConverter = new(
        v => string.Join(';', v.Select(p => p.ToString("R", CultureInfo.InvariantCulture))),
        v => v.Split(';', StringSplitOptions.None).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray());

    private static readonly ValueComparer<float[]> ProbabilitiesComparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p)),
        v => v.ToArray());
}
