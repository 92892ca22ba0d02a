using System.ComponentModel.DataAnnotations;
using DigitReader.Web.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages.Account;

/// <summary>Registration: name, e-mail, password; signs the new user in.</summary>
public sealed class RegisterModel(AccountService accounts) : PageModel
{
    /// <summary>Display name (kept on errors).</summary>
    [BindProperty, Display(Name = "Name")] public string? Name { get; set; }

    /// <summary>E-mail (kept on errors).</summary>
    [BindProperty, Display(Name = "E-mail")] public string? Email { get; set; }

    /// <summary>Password (never echoed back).</summary>
    [BindProperty, DataType(DataType.Password)] public string? Password { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet() { }

    /// <summary>Creates the account, or shows the form again with messages and the entered name and e-mail.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.RegisterAsync(Name, Email, Password, ct);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors) ModelState.AddModelError(field, message);
            Password = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await HttpContext.SignInAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            AccountService.Principal(result.User!));
        return RedirectToPage("/Recognise");
    }
}
