using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages.Account;

/// <summary>Log-out: POST only (with antiforgery), so a link or image on another site cannot sign you out.</summary>
public sealed class LogoutModel : PageModel
{
    /// <summary>A GET just goes home.</summary>
    public IActionResult OnGet() => RedirectToPage("/Index");

    /// <summary>Removes the cookie.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }
}
