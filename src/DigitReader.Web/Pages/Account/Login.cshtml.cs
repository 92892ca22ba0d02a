using DigitReader.Web.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages.Account;

/// <summary>Log-in by e-mail and password.</summary>
public sealed class LoginModel(AccountService accounts) : PageModel
{
    /// <summary>E-mail (kept on errors).</summary>
    [BindProperty] public string? Email { get; set; }

    /// <summary>Password (never echoed back).</summary>
    [BindProperty] public string? Password { get; set; }

    /// <summary>Where to go afterwards; only local URLs are followed.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Set when the e-mail or password was wrong.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet() { }

    /// <summary>Signs in, or shows one message that does not say which of e-mail or password was wrong.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await accounts.VerifyAsync(Email, Password, ct);
        if (user is null)
        {
            Error = "The e-mail address or password is not right.";
            Password = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountService.Principal(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Recognise");
    }
}
