using DigitReader.Web.Data;
using DigitReader.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages.Account;

/// <summary>The account page: create and revoke API keys. A new key is shown once, in the response to its creation.</summary>
public sealed class IndexModel(ApiKeyService keys) : PageModel
{
    /// <summary>The user's keys.</summary>
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>The key just created, shown once.</summary>
    public string? NewKey { get; private set; }

    /// <summary>A confirmation or error line.</summary>
    public string? Message { get; private set; }

    /// <summary>The label for a new key.</summary>
    [BindProperty] public string? KeyName { get; set; }

    /// <summary>Lists the keys.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Keys = await keys.ListAsync(User.UserId()!.Value, ct);

    /// <summary>Creates a key and shows it.</summary>
    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        (_, NewKey) = await keys.CreateAsync(userId, KeyName, ct);
        KeyName = null;
        Keys = await keys.ListAsync(userId, ct);
        return Page();
    }

    /// <summary>Revokes a key.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        Message = await keys.RevokeAsync(userId, id, ct) ? "The key was revoked; it no longer works." : "That key was not found or is already revoked.";
        Keys = await keys.ListAsync(userId, ct);
        return Page();
    }
}
