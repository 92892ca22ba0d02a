using System.Data.Common;
using DigitReader.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DigitReader.Web.Tests.Database;

/// <summary>
/// The hand-written migration must build exactly the schema the model expects, on both providers
/// (there is no model snapshot to catch drift), and every column type must round-trip.
/// </summary>
public abstract class SchemaTests : IDisposable
{
    protected abstract DbContextOptions<AppDbContext> Options { get; }

    protected abstract Task<HashSet<string>> ActualColumnsAsync(DbConnection connection);

    public virtual void Dispose()
    {
        using var db = new AppDbContext(Options);
        db.Database.EnsureDeleted();
    }

    [Fact]
    public async Task Migration_creates_exactly_the_models_tables_and_columns()
    {
        await using var db = new AppDbContext(Options);
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(["20251121150000_Initial"], await db.Database.GetAppliedMigrationsAsync());

        var expected = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => $"{e.GetTableName()}.{p.GetColumnName()}"))
            .ToHashSet();
        await db.Database.OpenConnectionAsync();
        var actual = await ActualColumnsAsync(db.Database.GetDbConnection());
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public async Task Every_column_type_round_trips()
    {
        await using (var db = new AppDbContext(Options))
        {
            await db.Database.MigrateAsync();
            var user = new User { Id = Guid.NewGuid(), Name = "Ada", Email = "Ada@Example.com", NormalizedEmail = "ADA@EXAMPLE.COM", PasswordHash = "hash", CreatedAt = new DateTime(2025, 11, 21, 15, 30, 1, 250, DateTimeKind.Utc) };
            db.Users.Add(user);
            db.ApiKeys.Add(new ApiKey { Id = Guid.NewGuid(), UserId = user.Id, Name = "k", Prefix = "dr_abcdefg", KeyHash = new string('a', 64), CreatedAt = user.CreatedAt, RevokedAt = user.CreatedAt.AddDays(1) });
            db.Predictions.Add(new PredictionRecord
            {
                Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = user.CreatedAt, FileName = "ünïcode, \"quoted\".png", Format = "Png",
                Width = 224, Height = 225, SizeBytes = 5_000_000_000, Sha256 = new string('f', 64), Digit = 7, Confidence = 0.987654f,
                Probabilities = [0.001f, 0.002f, 0.003f, 0.004f, 0.000123f, 0f, 0.002223f, 0.987654f, 1e-7f, 0f],
                DecodeMs = 1.25, PreprocessMs = 0.5, InferenceMs = 0.125, ImageBytes = [0, 1, 2, 255], ThumbnailPng = [9, 8, 7],
            });
            await db.SaveChangesAsync();
        }
        await using (var db = new AppDbContext(Options))
        {
            var p = await db.Predictions.SingleAsync();
            Assert.Equal(DateTimeKind.Utc, p.CreatedAt.Kind);
            Assert.Equal(new DateTime(2025, 11, 21, 15, 30, 1, 250, DateTimeKind.Utc), p.CreatedAt);
            Assert.Equal("ünïcode, \"quoted\".png", p.FileName);
            Assert.Equal(5_000_000_000, p.SizeBytes);
            Assert.Equal([0.001f, 0.002f, 0.003f, 0.004f, 0.000123f, 0f, 0.002223f, 0.987654f, 1e-7f, 0f], p.Probabilities);
            Assert.Equal(0.987654f, p.Confidence);
            Assert.Equal([0, 1, 2, 255], p.ImageBytes);
            Assert.Equal(1.25, p.DecodeMs);
            var key = await db.ApiKeys.SingleAsync();
            Assert.Equal(DateTimeKind.Utc, key.RevokedAt!.Value.Kind);
            Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == "ADA@EXAMPLE.COM"));
        }
    }

    [Fact]
    public async Task Email_is_unique_and_deleting_a_user_cascades()
    {
        await using var db = new AppDbContext(Options);
        await db.Database.MigrateAsync();
        var id = Guid.NewGuid();
        db.Users.Add(new User { Id = id, Name = "A", Email = "a@x.org", NormalizedEmail = "A@X.ORG", PasswordHash = "h" });
        db.Predictions.Add(new PredictionRecord { Id = Guid.NewGuid(), UserId = id, Format = "Png", Sha256 = "s", Probabilities = new float[10], ImageBytes = [1], ThumbnailPng = [1] });
        await db.SaveChangesAsync();

        db.Users.Add(new User { Id = Guid.NewGuid(), Name = "B", Email = "A@x.org", NormalizedEmail = "A@X.ORG", PasswordHash = "h" });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync();
        Assert.Equal(0, await db.Predictions.CountAsync());
    }
}

/// <summary>The schema on SQLite (a temporary file).</summary>
public sealed class SqliteSchemaTests : SchemaTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"digitreader-schema-{Guid.NewGuid():N}.db");

    protected override DbContextOptions<AppDbContext> Options => new DbContextOptionsBuilder<AppDbContext>()
        .UseSqlite($"Data Source={_path};Foreign Keys=True")
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;

    protected override async Task<HashSet<string>> ActualColumnsAsync(DbConnection connection)
    {
        var columns = new HashSet<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
            + "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EFMigrations%'";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        return columns;
    }

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}

/// <summary>The schema on PostgreSQL (a fresh database on the DIGITREADER_TEST_POSTGRES server).</summary>
public sealed class PostgresSchemaTests : SchemaTests
{
    private readonly string _connectionString = PostgresDatabase.NewDatabase();

    protected override DbContextOptions<AppDbContext> Options => new DbContextOptionsBuilder<AppDbContext>()
        .UseNpgsql(_connectionString)
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;

    protected override async Task<HashSet<string>> ActualColumnsAsync(DbConnection connection)
    {
        var columns = new HashSet<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name, column_name FROM information_schema.columns "
            + "WHERE table_schema = 'public' AND table_name NOT LIKE '__EFMigrations%'";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        return columns;
    }
}
