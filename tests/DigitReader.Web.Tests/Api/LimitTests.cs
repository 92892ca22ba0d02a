using System.Net;
using System.Net.Http.Headers;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Web.Tests.Api;

/// <summary>413 for bodies over Uploads:MaxBytes (200 kB in this app), whichever way they are sent.</summary>
public sealed class UploadLimitTests(SmallUploadApp app) : IClassFixture<SmallUploadApp>
{
    private static byte[] Oversized() => new byte[300_000];

    [Fact]
    public async Task Raw_body_over_the_limit_is_413()
    {
        var problem = await ApiClient.AssertProblemAsync(await ApiClient.PostRawAsync(app.CreateClient(), Oversized(), "application/octet-stream"), 413);
        Assert.Contains("0.2 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Multipart_body_over_the_limit_is_413() =>
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), Oversized(), "big.png"), 413);

    [Fact]
    public async Task Chunked_body_without_length_over_the_limit_is_413()
    {
        // No Content-Length: the limit must hold while reading, not only from the header.
        var content = new StreamContent(new MemoryStream(Oversized()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/predictions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await ApiClient.AssertProblemAsync(await app.CreateClient().SendAsync(request), 413);
    }

    [Fact]
    public async Task Batch_over_the_limit_in_total_is_413()
    {
        var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[120_000]), "files", "a.png" },
            { new ByteArrayContent(new byte[120_000]), "files", "b.png" },
        };
        await ApiClient.AssertProblemAsync(await app.CreateClient().PostAsync("/api/v1/predictions/batch", content), 413);
    }

    [Fact]
    public async Task Body_under_the_limit_is_not_refused_for_size()
    {
        var response = await ApiClient.PostRawAsync(app.CreateClient(), TestImages.Text(), "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}

/// <summary>429 with Retry-After once a client IP exceeds the configured limits.</summary>
public sealed class RateLimitTests(TightRateLimitApp app) : IClassFixture<TightRateLimitApp>
{
    [Fact]
    public async Task Recognition_over_the_limit_is_429_with_retry_after()
    {
        var client = app.CreateClient();
        for (int i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await ApiClient.PostRawAsync(client, TestImages.Text(), "text/plain")).StatusCode);
        var response = await ApiClient.PostRawAsync(client, TestImages.Text(), "text/plain");
        await ApiClient.AssertProblemAsync(response, 429);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After was {response.Headers.RetryAfter}");
        // Reading pages is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Recognise")).StatusCode);
    }

    [Fact]
    public async Task Login_attempts_over_the_limit_are_429()
    {
        var client = app.CreateClient();
        var fields = new Dictionary<string, string> { ["Email"] = "nobody@example.com", ["Password"] = "wrong password 1" };
        for (int i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await Forms.PostAsync(client, "/Account/Login", "/Account/Login", fields)).StatusCode);
        var response = await Forms.PostAsync(client, "/Account/Login", "/Account/Login", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("Try again in", await response.Content.ReadAsStringAsync());
    }
}
