using Npgsql;

namespace DigitReader.Web.Tests.Database;

/// <summary>
/// A throw-away PostgreSQL database on the server named by DIGITREADER_TEST_POSTGRES. Missing
/// configuration is a failure, not a skip: both providers must be tested.
/// </summary>
public static class PostgresDatabase
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "DIGITREADER_TEST_POSTGRES";

    /// <summary>A connection string for a new, uniquely named database (created by the first migration).</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string NewDatabase()
    {
        string? server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            string ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: .ci/run must start PostgreSQL and export it)" : "";
            throw new InvalidOperationException(
                $"{Variable} is not set{ci}. Start a server with 'export {Variable}=\"$(bash scripts/start-postgres.sh)\"' and run the tests again.");
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = "digitreader_test_" + Guid.NewGuid().ToString("N")[..16], Pooling = false }.ConnectionString;
    }
}
