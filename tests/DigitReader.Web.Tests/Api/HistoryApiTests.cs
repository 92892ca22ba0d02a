using System.Net;
using System.Text.Json;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Web.Tests.Api;

/// <summary>The caller's history through the API: storing, reading, paging, deleting, CSV and isolation between users.</summary>
public sealed class HistoryApiTests(DefaultApp app) : IClassFixture<DefaultApp>
{
    private async Task<HttpClient> SignedInClientAsync()
    {
        var client = app.CreateClient();
        await Forms.RegisterAsync(client);
        return client;
    }

    private static async Task<Guid> StoreAsync(HttpClient client, int digit)
    {
        var response = await ApiClient.PostFileAsync(client, TestImages.MnistPng(TestImages.FirstMnistIndexOf(digit)), $"digit-{digit}.png");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await ApiClient.JsonAsync(response)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/predictions/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    [Theory]
    [InlineData("GET", "/api/v1/predictions")]
    [InlineData("GET", "/api/v1/predictions/0197a6a4-7b3c-7000-8000-000000000001")]
    [InlineData("DELETE", "/api/v1/predictions/0197a6a4-7b3c-7000-8000-000000000001")]
    [InlineData("DELETE", "/api/v1/predictions")]
    [InlineData("GET", "/api/v1/predictions/export.csv")]
    public async Task Anonymous_history_requests_are_401_problems(string method, string path)
    {
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await ApiClient.AssertProblemAsync(response, 401);
    }

    [Fact]
    public async Task Signed_in_upload_is_stored_with_hash_size_and_format()
    {
        var client = await SignedInClientAsync();
        byte[] png = TestImages.MnistPng(TestImages.FirstMnistIndexOf(5));
        var id = await StoreAsync(client, 5);

        var json = await ApiClient.JsonAsync(await client.GetAsync($"/api/v1/predictions/{id}"));
        Assert.Equal(id, json.GetProperty("id").GetGuid());
        Assert.Equal(5, json.GetProperty("digit").GetInt32());
        Assert.Equal(png.Length, json.GetProperty("size_bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), json.GetProperty("sha256").GetString());
        Assert.Equal("Png", json.GetProperty("format").GetString());
        Assert.Equal("digit-5.png", json.GetProperty("file_name").GetString());

        var image = await client.GetAsync($"/api/v1/predictions/{id}/image");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());

        var thumbnail = await client.GetAsync($"/api/v1/predictions/{id}/thumbnail");
        var thumb = DigitReader.Imaging.ImageDecoder.DecodeGray(await thumbnail.Content.ReadAsByteArrayAsync());
        // The whole 224 × 224 upload shrunk to 160 px, not the half-size copy the normaliser analysed (112 px).
        Assert.Equal((160, 160), (thumb.Width, thumb.Height));
    }

    [Fact]
    public async Task Save_false_is_not_stored()
    {
        var client = await SignedInClientAsync();
        var response = await ApiClient.PostFileAsync(client, TestImages.MnistPng(0), query: "?save=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await ApiClient.JsonAsync(response)).TryGetProperty("id", out _));
        Assert.Equal(0, (await ApiClient.JsonAsync(await client.GetAsync("/api/v1/predictions"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_is_paged_newest_first()
    {
        var client = await SignedInClientAsync();
        var ids = new List<Guid>();
        foreach (int digit in new[] { 1, 2, 3 }) ids.Add(await StoreAsync(client, digit));

        var first = await ApiClient.JsonAsync(await client.GetAsync("/api/v1/predictions?page=1&page_size=2"));
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("page_size").GetInt32());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var second = await ApiClient.JsonAsync(await client.GetAsync("/api/v1/predictions?page=2&page_size=2"));
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=x")]
    [InlineData("?page_size=0")]
    [InlineData("?page_size=101")]
    public async Task Bad_paging_is_400(string query)
    {
        var client = await SignedInClientAsync();
        await ApiClient.AssertProblemAsync(await client.GetAsync("/api/v1/predictions" + query), 400);
    }

    [Fact]
    public async Task Delete_one_then_it_is_404()
    {
        var client = await SignedInClientAsync();
        var keep = await StoreAsync(client, 8);
        var gone = await StoreAsync(client, 9);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/predictions/{gone}")).StatusCode);
        await ApiClient.AssertProblemAsync(await client.GetAsync($"/api/v1/predictions/{gone}"), 404);
        await ApiClient.AssertProblemAsync(await client.DeleteAsync($"/api/v1/predictions/{gone}"), 404);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/predictions/{keep}")).StatusCode);
    }

    [Fact]
    public async Task Delete_all_removes_only_the_callers_items()
    {
        var alice = await SignedInClientAsync();
        var bob = await SignedInClientAsync();
        await StoreAsync(alice, 1);
        await StoreAsync(alice, 2);
        var bobs = await StoreAsync(bob, 3);

        var deleted = await ApiClient.JsonAsync(await alice.DeleteAsync("/api/v1/predictions"));
        Assert.Equal(2, deleted.GetProperty("deleted").GetInt32());
        Assert.Equal(0, (await ApiClient.JsonAsync(await alice.GetAsync("/api/v1/predictions"))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/v1/predictions/{bobs}")).StatusCode);
    }

    [Fact]
    public async Task Another_users_item_is_404_for_every_operation()
    {
        var alice = await SignedInClientAsync();
        var bob = await SignedInClientAsync();
        var id = await StoreAsync(alice, 6);

        await ApiClient.AssertProblemAsync(await bob.GetAsync($"/api/v1/predictions/{id}"), 404);
        await ApiClient.AssertProblemAsync(await bob.GetAsync($"/api/v1/predictions/{id}/image"), 404);
        await ApiClient.AssertProblemAsync(await bob.GetAsync($"/api/v1/predictions/{id}/thumbnail"), 404);
        await ApiClient.AssertProblemAsync(await bob.DeleteAsync($"/api/v1/predictions/{id}"), 404);
        Assert.Equal(0, (await ApiClient.JsonAsync(await bob.GetAsync("/api/v1/predictions"))).GetProperty("total").GetInt32());
        Assert.DoesNotContain(id.ToString(), await bob.GetStringAsync("/api/v1/predictions/export.csv"));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/History/{id}")).StatusCode);

        // Still there for its owner.
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/predictions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Csv_export_has_a_header_and_one_row_per_item()
    {
        var client = await SignedInClientAsync();
        var a = await StoreAsync(client, 4);
        var b = await StoreAsync(client, 7);
        var response = await client.GetAsync("/api/v1/predictions/export.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("id,created_at_utc,file_name,format,width,height,size_bytes,sha256,digit,confidence,p0,", lines[0]);
        Assert.StartsWith(b.ToString(), lines[1]); // newest first
        Assert.StartsWith(a.ToString(), lines[2]);
        Assert.Equal("7", lines[1].Split(',')[8]);
        Assert.Equal(20, lines[1].Split(',').Length);
    }

    [Fact]
    public async Task Batch_by_a_signed_in_user_stores_each_success()
    {
        var client = await SignedInClientAsync();
        var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.MnistPng(0)), "files", "a.png" },
            { new ByteArrayContent(TestImages.Gif()), "files", "b.gif" },
        };
        var items = (await ApiClient.JsonAsync(await client.PostAsync("/api/v1/predictions/batch", content))).GetProperty("items");
        Assert.Equal(JsonValueKind.String, items[0].GetProperty("result").GetProperty("id").ValueKind);
        Assert.Equal(1, (await ApiClient.JsonAsync(await client.GetAsync("/api/v1/predictions"))).GetProperty("total").GetInt32());
    }
}
