using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace DigitReader.Web.Tests.Infrastructure;

/// <summary>Helpers that use the pages the way a browser does: fetch the form, send it back with its antiforgery token.</summary>
public static partial class Forms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>The antiforgery token of the first form on the page at <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts url-encoded fields to a page, with a fresh token taken from <paramref name="formPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string action, IDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await TokenAsync(client, formPage) };
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>Registers a new user; the client is signed in afterwards.</summary>
    public static async Task<(string Email, string Password)> RegisterAsync(HttpClient client, string? name = null)
    {
        string email = $"user-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse 42";
        var response = await PostAsync(client, "/Account/Register", "/Account/Register",
            new Dictionary<string, string> { ["Name"] = name ?? "Test User", ["Email"] = email, ["Password"] = password });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"Registration answered {(int)response.StatusCode}");
        return (email, password);
    }

    /// <summary>Posts a file through the Recognise page's form.</summary>
    public static async Task<HttpResponseMessage> RecogniseAsync(HttpClient client, byte[] file, string fileName)
    {
        string token = await TokenAsync(client, "/Recognise");
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", fileName);
        return await client.PostAsync("/Recognise", content);
    }

    /// <summary>Creates an API key on the account page and returns it (it is shown once).</summary>
    public static async Task<string> CreateApiKeyAsync(HttpClient client, string name = "test key")
    {
        var response = await PostAsync(client, "/Account", "/Account?handler=Create", new Dictionary<string, string> { ["KeyName"] = name });
        var html = await response.Content.ReadAsStringAsync();
        var match = Regex.Match(html, "id=\"new-key\">([^<]+)<");
        Assert.True(match.Success, "The account page did not show the new key");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
