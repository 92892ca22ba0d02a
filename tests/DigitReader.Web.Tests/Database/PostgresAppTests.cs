using System.Net;
using DigitReader.Web.Data;
using DigitReader.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitReader.Web.Tests.Database;

/// <summary>The whole app on PostgreSQL, migrated at start-up into a fresh database.</summary>
public sealed class PostgresApp() : AppFactory(new Dictionary<string, string?>
{
    ["Database:Provider"] = "Postgres",
    ["Database:ConnectionString"] = PostgresDatabase.NewDatabase(),
})
{
    // xunit disposes fixtures asynchronously; the factory's DisposeAsync stops the host and then calls
    // Dispose(true) on a disposed service provider, so the database is dropped here, first.
    public override async ValueTask DisposeAsync()
    {
        using (var scope = Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureDeletedAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Accounts, keys and history against PostgreSQL.</summary>
public sealed class PostgresAppTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Health_reports_postgres()
    {
        var json = await ApiClient.JsonAsync(await app.CreateClient().GetAsync("/healthz"));
        Assert.Equal("PostgreSQL", json.GetProperty("database").GetProperty("provider").GetString());
        Assert.True(json.GetProperty("database").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Register_recognise_list_export_and_delete()
    {
        var client = app.CreateClient();
        await Forms.RegisterAsync(client);
        var created = await ApiClient.PostFileAsync(client, TestImages.MnistPng(TestImages.FirstMnistIndexOf(3)), "three.png");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiClient.JsonAsync(created)).GetProperty("id").GetGuid();
        var second = await ApiClient.PostFileAsync(ApiClient.WithKey(app.CreateClient(), await Forms.CreateApiKeyAsync(client)), TestImages.MnistPng(0));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var list = await ApiClient.JsonAsync(await client.GetAsync("/api/v1/predictions"));
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(id, list.GetProperty("items")[1].GetProperty("id").GetGuid());
        Assert.Equal(3, (await ApiClient.JsonAsync(await client.GetAsync($"/api/v1/predictions/{id}"))).GetProperty("digit").GetInt32());
        Assert.Equal(3, (await client.GetStringAsync("/api/v1/predictions/export.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var other = app.CreateClient();
        await Forms.RegisterAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/predictions/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/predictions/{id}")).StatusCode);
        Assert.Equal(1, (await ApiClient.JsonAsync(await client.DeleteAsync("/api/v1/predictions"))).GetProperty("deleted").GetInt32());

        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Predictions.CountAsync());
    }
}
