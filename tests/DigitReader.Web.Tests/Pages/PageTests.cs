using System.Net;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Web.Tests.Pages;

/// <summary>The Razor pages over HTTP: rendering, forms, antiforgery, friendly errors, sign-in flows.</summary>
public sealed class PageTests(DefaultApp app) : IClassFixture<DefaultApp>
{
    [Theory]
    [InlineData("/", "Read a handwritten digit")]
    [InlineData("/Recognise", "Draw a digit")]
    [InlineData("/Account/Login", "Log in")]
    [InlineData("/Account/Register", "Create an account")]
    public async Task Public_pages_render(string path, string text)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/History")]
    [InlineData("/Account")]
    public async Task Private_pages_redirect_to_login(string path)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    [InlineData("/Recognise")]
    public async Task Form_post_without_antiforgery_token_is_rejected(string path)
    {
        var response = await app.CreateClient().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "someone@example.com", ["Password"] = "whatever 1234", ["Name"] = "X",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The request could not be used", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registration_errors_keep_the_entered_fields()
    {
        var client = app.CreateClient();
        var response = await Forms.PostAsync(client, "/Account/Register", "/Account/Register", new Dictionary<string, string>
        {
            ["Name"] = "Ada Lovelace", ["Email"] = "ada@example.com", ["Password"] = "short",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("value=\"Ada Lovelace\"", html);
        Assert.Contains("value=\"ada@example.com\"", html);
        Assert.Contains("at least 10 characters", html);
        Assert.DoesNotContain("value=\"short\"", html);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa", "two kinds")]
    [InlineData("bob@example.com", "e-mail")]
    public async Task Password_policy_is_enforced_on_the_form(string password, string message)
    {
        var response = await Forms.PostAsync(app.CreateClient(), "/Account/Register", "/Account/Register", new Dictionary<string, string>
        {
            ["Name"] = "Bob", ["Email"] = "bob@example.com", ["Password"] = password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Duplicate_email_is_refused()
    {
        var first = app.CreateClient();
        var (email, _) = await Forms.RegisterAsync(first);
        var response = await Forms.PostAsync(app.CreateClient(), "/Account/Register", "/Account/Register", new Dictionary<string, string>
        {
            ["Name"] = "Again", ["Email"] = email.ToUpperInvariant(), ["Password"] = "another pass 99",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already exists", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_logout_round_trip()
    {
        var registering = app.CreateClient();
        var (email, password) = await Forms.RegisterAsync(registering);

        var client = app.CreateBrowserLikeClient();
        var wrong = await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "not the password 1" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        string wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("not right", wrongHtml);
        Assert.Contains($"value=\"{email}\"", wrongHtml);

        var ok = await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/History")).StatusCode);

        var logout = await Forms.PostAsync(client, "/History", "/Account/Logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/History")).StatusCode);
    }

    [Fact]
    public async Task Login_does_not_follow_an_external_return_url()
    {
        var (email, password) = await Forms.RegisterAsync(app.CreateClient());
        var client = app.CreateBrowserLikeClient();
        var response = await Forms.PostAsync(client, "/Account/Login", "/Account/Login",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal("/Recognise", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Anonymous_recognise_form_shows_the_result_page()
    {
        int index = TestImages.FirstMnistIndexOf(9);
        var response = await Forms.RecogniseAsync(app.CreateClient(), TestImages.MnistPng(index), "nine.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"digit\" aria-label=\"Recognised digit: 9\">9<", html);
        Assert.Contains("What the network saw", html);
        Assert.Contains("Probability of each digit", html);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Matches(html, "class=\"bar-fill\"").Count);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("Feature map 1", html);
    }

    [Fact]
    public async Task An_upload_the_browser_cannot_show_is_shown_whole_as_a_grayscale_png()
    {
        // A 224 × 224 PGM: browsers do not display Netpbm, so the page shows the decoded image instead; the
        // normaliser analyses such an image at half size, and the page must still show all of it.
        int index = TestImages.FirstMnistIndexOf(3);
        var paper = TestImages.MnistPaper(index, scale: 8);
        byte[] pgm = [.. System.Text.Encoding.ASCII.GetBytes($"P5\n{paper.Width} {paper.Height}\n255\n"), .. paper.Pixels];
        var response = await Forms.RecogniseAsync(app.CreateClient(), pgm, "three.pgm");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        var upload = System.Text.RegularExpressions.Regex.Match(html, "<img src=\"data:image/png;base64,([^\"]+)\" alt=\"The uploaded image\"");
        Assert.True(upload.Success, "the page shows no uploaded image as a PNG");
        var shown = DigitReader.Imaging.ImageDecoder.DecodeGray(Convert.FromBase64String(WebUtility.HtmlDecode(upload.Groups[1].Value)));
        Assert.Equal((224, 224), (shown.Width, shown.Height));
        Assert.Equal(paper.Pixels, shown.Pixels);
    }

    [Fact]
    public async Task A_photo_of_a_note_on_a_desk_is_read_on_the_note()
    {
        int index = TestImages.FirstMnistIndexOf(9);
        var response = await Forms.RecogniseAsync(app.CreateClient(), TestImages.MnistOnDeskPng(index), "note.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"digit\" aria-label=\"Recognised digit: 9\">9<", html);
        Assert.Contains("read on the sheet of paper found in the photo", html);
    }

    [Fact]
    public async Task Recognise_form_shows_friendly_errors()
    {
        var gif = await Forms.RecogniseAsync(app.CreateClient(), TestImages.Gif(), "anim.gif");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, gif.StatusCode);
        Assert.Contains("GIF images are not supported", await gif.Content.ReadAsStringAsync());

        var blank = await Forms.RecogniseAsync(app.CreateClient(), TestImages.BlankPng(), "blank.png");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.Contains("No digit found", await blank.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signed_in_recognise_goes_to_history_and_can_be_deleted()
    {
        var client = app.CreateBrowserLikeClient();
        await Forms.RegisterAsync(client);
        var posted = await Forms.RecogniseAsync(client, TestImages.MnistPng(TestImages.FirstMnistIndexOf(6)), "six.png");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        string detailPath = posted.Headers.Location!.OriginalString;
        Assert.Matches("^/History/[0-9a-f-]{36}$", detailPath);

        string detail = await client.GetStringAsync(detailPath);
        Assert.Contains("aria-label=\"Recognised digit: 6\"", detail);
        string list = await client.GetStringAsync("/History");
        Assert.Contains(detailPath, list);
        Assert.Contains("six.png", list);

        var deleted = await Forms.PostAsync(client, detailPath, detailPath + "?handler=Delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(detailPath)).StatusCode);
        Assert.Contains("Nothing here yet", await client.GetStringAsync("/History"));
    }

    [Fact]
    public async Task History_delete_all_from_the_page()
    {
        var client = app.CreateBrowserLikeClient();
        await Forms.RegisterAsync(client);
        await ApiClient.PostFileAsync(client, TestImages.MnistPng(0));
        await ApiClient.PostFileAsync(client, TestImages.MnistPng(1));
        var response = await Forms.PostAsync(client, "/History", "/History?handler=DeleteAll", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("2 items were deleted", await client.GetStringAsync("/History"));
    }

    [Fact]
    public async Task History_list_pages_and_deletes_one_item_from_its_own_form()
    {
        var client = app.CreateBrowserLikeClient();
        await Forms.RegisterAsync(client);
        byte[] png = TestImages.MnistPng(0);
        for (int i = 0; i < 21; i++)
            Assert.Equal(HttpStatusCode.Created, (await ApiClient.PostFileAsync(client, png, $"item-{i}.png")).StatusCode);

        string first = await client.GetStringAsync("/History");
        Assert.Equal(20, System.Text.RegularExpressions.Regex.Matches(first, "class=\"history-item\"").Count);
        Assert.Contains("Page 1 of 2", first);
        Assert.Contains("item-20.png", first); // newest first
        string second = await client.GetStringAsync("/History?p=2");
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Matches(second, "class=\"history-item\"").Count);
        Assert.Contains("item-0.png", second);

        // Post the first item's own delete form, exactly as rendered.
        var action = System.Text.RegularExpressions.Regex.Match(first, "<form method=\"post\" class=\"inline-form\" action=\"([^\"]*handler=Delete[^\"]*)\"");
        Assert.True(action.Success, "No per-item delete form found");
        var response = await Forms.PostAsync(client, "/History", WebUtility.HtmlDecode(action.Groups[1].Value), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string after = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("The item was deleted.", after);
        Assert.Contains("Delete all (20)", after);
        Assert.DoesNotContain("item-20.png", after);
    }
}
