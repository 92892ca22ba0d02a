using System.Net;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Web.Tests.Api;

/// <summary>An app whose database is down (nothing listens on loopback port 1): it starts, and /healthz says 503.</summary>
public sealed class DatabaseDownApp() : AppFactory(new Dictionary<string, string?>
{
    ["Database:Provider"] = "Postgres",
    ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Password=nothing;Database=none;Timeout=2",
    ["Database:MigrateOnStartup"] = "false",
});

public sealed class UnhealthyDatabaseTests(DatabaseDownApp app) : IClassFixture<DatabaseDownApp>
{
    [Fact]
    public async Task Healthz_is_503_when_the_database_is_unreachable()
    {
        var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = await ApiClient.JsonAsync(response);
        Assert.Equal("unhealthy", json.GetProperty("status").GetString());
        Assert.False(json.GetProperty("database").GetProperty("reachable").GetBoolean());
    }
}
