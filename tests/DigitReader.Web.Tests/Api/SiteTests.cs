using System.Net;
using System.Text.Json;
using DigitReader.Web.Infrastructure;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Web.Tests.Api;

/// <summary>Site-wide behaviour: security headers, /healthz, the OpenAPI document, static assets.</summary>
public sealed class SiteTests(DefaultApp app) : IClassFixture<DefaultApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Recognise")]
    [InlineData("/api/v1/predictions")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    public async Task Security_headers_are_on_every_response(string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'",
            SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Healthz_reports_model_and_database()
    {
        var response = await app.CreateClient().GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("model").GetProperty("loaded").GetBoolean());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("model").GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("model").GetProperty("version").GetString()));
        Assert.True(json.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.Equal("SQLite", json.GetProperty("database").GetProperty("provider").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", json.GetProperty("openapi").GetString());
        var paths = json.GetProperty("paths");
        foreach (string path in new[] { "/api/v1/predictions", "/api/v1/predictions/batch", "/api/v1/predictions/{id}", "/api/v1/predictions/export.csv", "/healthz" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        var post = paths.GetProperty("/api/v1/predictions").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        foreach (string status in new[] { "200", "201", "400", "413", "415", "422", "429" })
            Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"POST /api/v1/predictions does not document {status}");
    }

    [Fact]
    public async Task Pages_use_only_local_assets_and_no_inline_script()
    {
        foreach (string path in new[] { "/", "/Recognise", "/Account/Login", "/Account/Register" })
        {
            string html = await app.CreateClient().GetStringAsync(path);
            Assert.DoesNotContain("http://", html.Replace("http://localhost:5000", ""));
            Assert.DoesNotContain("https://", html);
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
            Assert.DoesNotContain(" style=\"", html);
            Assert.DoesNotContain(" onclick=", html);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/js/draw.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/js/upload.js")).StatusCode);
    }

    [Fact]
    public async Task Unknown_api_path_is_404_without_html() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/v1/nothing")).StatusCode);
}
