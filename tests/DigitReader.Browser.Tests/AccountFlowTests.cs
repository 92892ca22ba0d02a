using DigitReader.Browser.Tests.Infrastructure;
using DigitReader.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DigitReader.Browser.Tests;

/// <summary>Register → log out → log in → recognise → history → delete → log out, as a person would click it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Register_login_recognise_history_delete_logout()
    {
        var page = await browser.NewPageAsync();
        string email = $"flow-{Guid.NewGuid():N}@example.com";
        const string password = "Pencil and paper 7";

        await page.GotoAsync("/Account/Register");
        await page.FillAsync("#Name", "Flow Tester");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", "short");
        await page.ClickAsync("button[type=submit] >> text=Create account");
        // The error keeps what was typed.
        Assert.Contains("at least 10 characters", await page.TextContentAsync("#Password-error"));
        Assert.Equal("Flow Tester", await page.InputValueAsync("#Name"));
        Assert.Equal(email, await page.InputValueAsync("#Email"));
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit] >> text=Create account");
        await page.WaitForURLAsync("**/Recognise");

        await page.ClickAsync("button.link-button >> text=Log out");
        await page.WaitForSelectorAsync("a[href='/Account/Login']");
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit] >> text=Log in");
        await page.WaitForURLAsync("**/Recognise");

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "three.png", MimeType = "image/png", Buffer = PhotoLike.Png(TestImages.FirstMnistIndexOf(3)) });
        await page.ClickAsync("#recognise-button");
        await page.WaitForURLAsync("**/History/*");
        Assert.Equal("3", (await page.TextContentAsync("[data-testid=digit]"))?.Trim());

        await page.GotoAsync("/History");
        Assert.Equal(1, await page.Locator(".history-item").CountAsync());
        Assert.Contains("three.png", await page.TextContentAsync(".history-item"));
        // The thumbnail is lazy-loaded, so the page's load event does not wait for it: wait for its own load or error.
        Assert.True(await page.EvalOnSelectorAsync<bool>(".history-item img.thumb",
            "img => img.complete ? img.naturalWidth > 0 : new Promise(done => { img.addEventListener('load', () => done(img.naturalWidth > 0)); img.addEventListener('error', () => done(false)); })"),
            "The thumbnail did not load");
        await BrowserFixture.ScreenshotAsync(page, "history-1440");

        await page.ClickAsync(".history-item button >> text=Delete");
        await page.WaitForSelectorAsync("#history-empty");
        Assert.Contains("was deleted", await page.TextContentAsync("#history-message"));

        await page.ClickAsync("button.link-button >> text=Log out");
        await page.WaitForSelectorAsync("a[href='/Account/Login']");
        await page.GotoAsync("/History");
        await page.WaitForURLAsync("**/Account/Login**");
    }

    [Fact]
    public async Task Api_key_is_shown_once_and_can_be_revoked()
    {
        var page = await browser.NewPageAsync(360, 740);
        await page.GotoAsync("/Account/Register");
        await page.FillAsync("#Name", "Key Holder");
        await page.FillAsync("#Email", $"keys-{Guid.NewGuid():N}@example.com");
        await page.FillAsync("#Password", "Pencil and paper 7");
        await page.ClickAsync("button[type=submit] >> text=Create account");
        await page.WaitForURLAsync("**/Recognise");

        await page.GotoAsync("/Account");
        await page.FillAsync("#KeyName", "phone script");
        await page.ClickAsync("text=Create key");
        string key = (await page.TextContentAsync("#new-key"))!.Trim();
        Assert.StartsWith("dr_", key);
        await BrowserFixture.ScreenshotAsync(page, "account-key-360");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The account page scrolls sideways at 360 px");

        await page.ClickAsync("button >> text=Revoke");
        Assert.Contains("was revoked", await page.TextContentAsync("main"));
        Assert.DoesNotContain(key, await page.ContentAsync());
    }
}
