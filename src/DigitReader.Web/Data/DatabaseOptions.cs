namespace DigitReader.Web.Data;

/// <summary>Which database the app uses; bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// The connection string. For SQLite it may be empty: the file <c>digitreader.db</c> in the data
    /// directory is used. Secrets belong in environment variables or user secrets, not in appsettings.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Apply migrations when the app starts (default true). Turn off where a deployment step migrates
    /// instead, or to start the app while the database is down (then <c>/healthz</c> says so).
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>True when <see cref="Provider"/> names PostgreSQL.</summary>
    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
        || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
        || Provider.Equals("Npgsql", StringComparison.OrdinalIgnoreCase);
}
