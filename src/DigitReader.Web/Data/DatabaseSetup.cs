using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DigitReader.Web.Data;

/// <summary>Registers <see cref="AppDbContext"/> for the configured provider and migrates it at start-up.</summary>
public static class DatabaseSetup
{
    /// <summary>Adds the context; the provider and connection string are read when the first context is built.</summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddDbContext<AppDbContext>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var paths = sp.GetRequiredService<DataDirectory>();
            if (db.IsPostgres)
            {
                if (string.IsNullOrWhiteSpace(db.ConnectionString))
                    throw new InvalidOperationException("Database:Provider is Postgres but Database:ConnectionString is empty.");
                options.UseNpgsql(db.ConnectionString);
            }
            else if (db.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            {
                options.UseSqlite(string.IsNullOrWhiteSpace(db.ConnectionString)
                    ? $"Data Source={Path.Combine(paths.Path, "digitreader.db")}"
                    : db.ConnectionString);
            }
            else
            {
                throw new InvalidOperationException($"Database:Provider '{db.Provider}' is not supported; use Sqlite or Postgres.");
            }
            // The migrations are hand-written and provider-neutral, so there is no model snapshot to
            // compare with; MigrationSchemaTests checks the migrated schema against the model instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        return services;
    }

    /// <summary>Creates the database if needed and applies pending migrations, unless <c>Database:MigrateOnStartup</c> is false.</summary>
    public static void MigrateAppDatabase(this IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup) return;
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
    }
}
