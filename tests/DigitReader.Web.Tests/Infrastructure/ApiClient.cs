using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigitReader.Web.Tests.Infrastructure;

/// <summary>Calls to the REST API.</summary>
public static class ApiClient
{
    /// <summary>POSTs one file as the multipart part <paramref name="partName"/>.</summary>
    public static Task<HttpResponseMessage> PostFileAsync(HttpClient client, byte[] file, string fileName = "digit.png", string partName = "file", string query = "")
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, partName, fileName);
        return client.PostAsync("/api/v1/predictions" + query, content);
    }

    /// <summary>POSTs a raw body with <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, byte[] body, string contentType = "image/png", string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync("/api/v1/predictions" + query, content);
    }

    /// <summary>The body as a JSON document.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    /// <summary>Asserts an RFC 9457 problem with this status and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        return json;
    }

    /// <summary>A client with an API key in the given header style.</summary>
    public static HttpClient WithKey(HttpClient client, string key, bool bearer = true)
    {
        if (bearer) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        else client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }
}
