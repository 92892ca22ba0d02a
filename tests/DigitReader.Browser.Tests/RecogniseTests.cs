using DigitReader.Browser.Tests.Infrastructure;
using DigitReader.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DigitReader.Browser.Tests;

/// <summary>The Recognise page in Chromium: upload, drawing, errors and the small-screen layout.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RecogniseTests(BrowserFixture browser)
{
    private static FilePayload Png(string name, byte[] bytes) => new() { Name = name, MimeType = "image/png", Buffer = bytes };

    [Fact]
    public async Task Uploading_a_photo_shows_the_right_digit()
    {
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); }; // CSP violations land here
        int index = TestImages.FirstMnistIndexOf(4);
        await page.GotoAsync("/Recognise");
        await page.SetInputFilesAsync("#file", Png("photo-of-a-four.png", PhotoLike.Png(index)));
        Assert.True(await page.IsVisibleAsync("#preview-img"), "The preview should appear after choosing a file");
        await BrowserFixture.ScreenshotAsync(page, "recognise-preview-1440");
        await page.ClickAsync("#recognise-button");
        await page.WaitForSelectorAsync("[data-testid=digit]");
        Assert.Equal("4", (await page.TextContentAsync("[data-testid=digit]"))?.Trim());
        Assert.Equal(10, await page.Locator(".probabilities tbody tr").CountAsync());
        Assert.True(await page.Locator(".feature-maps img").CountAsync() > 0);
        Assert.True(await page.EvalOnSelectorAsync<bool>(".normalised-image", "img => img.complete && img.naturalWidth === 28"), "The 28×28 image did not load");
        Assert.True(errors.Count == 0, "Console errors: " + string.Join(" | ", errors));
        await BrowserFixture.ScreenshotAsync(page, "result-1440");
    }

    [Fact]
    public async Task Clear_removes_the_chosen_file_and_preview()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Recognise");
        await page.SetInputFilesAsync("#file", Png("x.png", TestImages.MnistPng(0)));
        await page.ClickAsync("#clear-upload");
        Assert.False(await page.IsVisibleAsync("#preview"));
        Assert.Equal(0, await page.EvalOnSelectorAsync<int>("#file", "input => input.files.length"));
        await page.ClickAsync("#recognise-button");
        Assert.Contains("Choose an image first", await page.TextContentAsync("#upload-error"));
    }

    [Fact]
    public async Task Drawing_a_one_with_the_mouse_is_recognised_live()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Recognise");
        var box = (await page.Locator("#draw-canvas").BoundingBoxAsync())!;
        // A vertical stroke a little right of centre, top to bottom, in many small moves like a hand.
        float x = box.X + box.Width * 0.5f;
        await page.Mouse.MoveAsync(x, box.Y + box.Height * 0.15f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 4, box.Y + box.Height * 0.85f, new MouseMoveOptions { Steps = 25 });
        await page.Mouse.UpAsync();
        // The answer for the finished drawing, not one that arrived mid-stroke on a slow machine.
        await page.WaitForSelectorAsync("#live-result[aria-busy=false] #live-digit");
        Assert.Equal("1", await page.TextContentAsync("#live-digit"));
        await BrowserFixture.ScreenshotAsync(page, "draw-one-1440");
    }

    [Fact]
    public async Task Drawing_a_seven_and_show_details_opens_the_result()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Recognise");
        var box = (await page.Locator("#draw-canvas").BoundingBoxAsync())!;
        float X(double f) => box.X + (float)(box.Width * f);
        float Y(double f) => box.Y + (float)(box.Height * f);
        await page.Mouse.MoveAsync(X(0.25), Y(0.2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(X(0.75), Y(0.2), new MouseMoveOptions { Steps = 15 });
        await page.Mouse.MoveAsync(X(0.42), Y(0.85), new MouseMoveOptions { Steps = 25 });
        await page.Mouse.UpAsync();
        // The answer for the finished drawing, not one that arrived mid-stroke on a slow machine.
        await page.WaitForSelectorAsync("#live-result[aria-busy=false] #live-digit");
        Assert.Equal("7", await page.TextContentAsync("#live-digit"));

        await page.ClickAsync("#draw-details");
        await page.WaitForSelectorAsync("[data-testid=digit]");
        Assert.Equal("7", (await page.TextContentAsync("[data-testid=digit]"))?.Trim());
    }

    [Fact]
    public async Task Empty_canvas_is_not_sent()
    {
        var page = await browser.NewPageAsync();
        int apiCalls = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/api/v1/predictions")) apiCalls++; };
        await page.GotoAsync("/Recognise");
        await page.ClickAsync("#draw-undo");
        await page.ClickAsync("#draw-details");
        await page.WaitForTimeoutAsync(600); // longer than the drawing's debounce
        Assert.Contains("Draw a digit first", await page.TextContentAsync("#live-result"));
        Assert.Equal(0, apiCalls);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain", "not an image in a supported format")]
    [InlineData("animation.gif", "image/gif", "GIF images are not supported")]
    public async Task Unsupported_file_shows_its_error(string name, string mimeType, string message)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Recognise");
        byte[] bytes = name.EndsWith(".gif") ? TestImages.Gif() : TestImages.Text();
        await page.SetInputFilesAsync("#file", new FilePayload { Name = name, MimeType = mimeType, Buffer = bytes });
        await page.ClickAsync("#recognise-button");
        await page.WaitForSelectorAsync("#error");
        Assert.Contains(message, await page.TextContentAsync("#error"));
        await BrowserFixture.ScreenshotAsync(page, "error-" + Path.GetExtension(name).TrimStart('.'));
    }

    [Fact]
    public async Task Result_page_fits_a_360_px_phone_without_horizontal_scroll()
    {
        var page = await browser.NewPageAsync(360, 740);
        await page.GotoAsync("/Recognise");
        Assert.True(await NoHorizontalScrollAsync(page), "The Recognise page scrolls sideways at 360 px");
        await BrowserFixture.ScreenshotAsync(page, "recognise-360");
        await page.SetInputFilesAsync("#file", Png("photo.png", PhotoLike.Png(TestImages.FirstMnistIndexOf(2))));
        await page.ClickAsync("#recognise-button");
        await page.WaitForSelectorAsync("[data-testid=digit]");
        Assert.True(await NoHorizontalScrollAsync(page), "The result page scrolls sideways at 360 px");
        await page.ClickAsync(".facts summary"); // open the details too: long hashes must wrap
        Assert.True(await NoHorizontalScrollAsync(page), "The opened file details scroll sideways at 360 px");
        await BrowserFixture.ScreenshotAsync(page, "result-360");
    }

    private static Task<bool> NoHorizontalScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
}
