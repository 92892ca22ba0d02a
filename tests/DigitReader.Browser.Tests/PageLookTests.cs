using DigitReader.Browser.Tests.Infrastructure;

namespace DigitReader.Browser.Tests;

/// <summary>Every public page at phone and desktop sizes: no sideways scroll, no console errors (CSP violations show there), a screenshot each.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageLookTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("/", "home")]
    [InlineData("/Recognise", "recognise")]
    [InlineData("/Account/Login", "login")]
    [InlineData("/Account/Register", "register")]
    public async Task Page_fits_and_has_no_console_errors(string path, string name)
    {
        foreach (var (width, height) in new[] { (360, 740), (1440, 900), (2560, 1440) })
        {
            var page = await browser.NewPageAsync(width, height);
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            page.PageError += (_, error) => errors.Add(error);
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{path} scrolls sideways at {width} px");
            Assert.True(errors.Count == 0, $"{path} at {width} px logged: {string.Join(" | ", errors)}");
            await BrowserFixture.ScreenshotAsync(page, $"{name}-{width}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Keyboard_reaches_the_skip_link_first_and_the_file_input()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Recognise");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        var reached = new List<string>();
        for (int i = 0; i < 15; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.tagName"));
        }
        Assert.Contains("file", reached);
        Assert.Contains("recognise-button", reached);
        Assert.True(reached.IndexOf("file") < reached.IndexOf("recognise-button"), "Focus order: file input before the Recognise button");
    }
}
