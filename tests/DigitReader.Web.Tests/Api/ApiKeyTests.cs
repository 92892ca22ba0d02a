using System.Net;
using DigitReader.Web.Data;
using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DigitReader.Web.Tests.Api;

/// <summary>Per-user API keys: created on the account page, accepted in either header, useless once revoked.</summary>
public sealed class ApiKeyTests(DefaultApp app) : IClassFixture<DefaultApp>
{
    [Fact]
    public async Task Key_authenticates_by_bearer_and_by_x_api_key_and_stores_history()
    {
        var browser = app.CreateClient();
        await Forms.RegisterAsync(browser);
        string key = await Forms.CreateApiKeyAsync(browser);
        Assert.StartsWith("dr_", key);

        var bearer = ApiClient.WithKey(app.CreateClient(), key, bearer: true);
        var created = await ApiClient.PostFileAsync(bearer, TestImages.MnistPng(0));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiClient.JsonAsync(created)).GetProperty("id").GetGuid();

        var header = ApiClient.WithKey(app.CreateClient(), key, bearer: false);
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync($"/api/v1/predictions/{id}")).StatusCode);
        // The cookie session sees the same history.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/v1/predictions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Revoked_key_is_401_everywhere()
    {
        var browser = app.CreateClient();
        await Forms.RegisterAsync(browser);
        string key = await Forms.CreateApiKeyAsync(browser, "to revoke");
        var api = ApiClient.WithKey(app.CreateClient(), key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/predictions")).StatusCode);

        Guid keyId;
        using (var scope = app.Services.CreateScope())
            keyId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ApiKeys.Where(k => k.KeyHash == ApiKeyService.Hash(key)).Select(k => k.Id).SingleAsync();
        var revoke = await Forms.PostAsync(browser, "/Account", $"/Account?handler=Revoke&id={keyId}", new Dictionary<string, string>());
        Assert.Contains("was revoked", await revoke.Content.ReadAsStringAsync());

        var response = await api.GetAsync("/api/v1/predictions");
        await ApiClient.AssertProblemAsync(response, 401);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        // A rejected key is not silently treated as anonymous on the open endpoint either.
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(api, TestImages.MnistPng(0)), 401);
    }

    [Fact]
    public async Task Unknown_key_is_401() =>
        await ApiClient.AssertProblemAsync(await ApiClient.WithKey(app.CreateClient(), "dr_not-a-real-key", bearer: false).GetAsync("/api/v1/predictions"), 401);

    [Fact]
    public async Task Only_the_hash_is_stored_and_the_key_is_shown_once()
    {
        var browser = app.CreateClient();
        await Forms.RegisterAsync(browser);
        string key = await Forms.CreateApiKeyAsync(browser, "hash check");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.ApiKeys.SingleAsync(k => k.Name == "hash check" && k.KeyHash == ApiKeyService.Hash(key));
            Assert.NotEqual(key, stored.KeyHash);
            Assert.False(await db.ApiKeys.AnyAsync(k => k.KeyHash == key || k.Prefix == key));
        }
        Assert.DoesNotContain(key, await browser.GetStringAsync("/Account"));
    }

    [Fact]
    public async Task A_key_sees_only_its_owners_items()
    {
        var alice = app.CreateClient();
        await Forms.RegisterAsync(alice);
        var created = await ApiClient.PostFileAsync(alice, TestImages.MnistPng(3));
        var id = (await ApiClient.JsonAsync(created)).GetProperty("id").GetGuid();

        var bob = app.CreateClient();
        await Forms.RegisterAsync(bob);
        var bobsKey = ApiClient.WithKey(app.CreateClient(), await Forms.CreateApiKeyAsync(bob));
        await ApiClient.AssertProblemAsync(await bobsKey.GetAsync($"/api/v1/predictions/{id}"), 404);
        await ApiClient.AssertProblemAsync(await bobsKey.DeleteAsync($"/api/v1/predictions/{id}"), 404);
    }
}
