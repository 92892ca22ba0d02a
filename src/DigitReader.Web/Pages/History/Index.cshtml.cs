using DigitReader.Web.Data;
using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.History;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages.History;

/// <summary>The signed-in user's history, newest first, 20 a page, with delete one / delete all / CSV export.</summary>
public sealed class IndexModel(HistoryService history) : PageModel
{
    /// <summary>Items per page.</summary>
    public const int PageSize = 20;

    /// <summary>This page's items (without image bytes).</summary>
    public IReadOnlyList<PredictionRecord> Items { get; private set; } = [];

    /// <summary>All items of the user.</summary>
    public int Total { get; private set; }

    /// <summary>The page number, from 1 (query <c>p</c>: Razor Pages reserves the route value "page" for the page's own name).</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>A confirmation line after a delete.</summary>
    [TempData] public string? Message { get; set; }

    /// <summary>Number of pages.</summary>
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Loads the page.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1) PageNumber = 1;
        (Items, Total) = await history.ListAsync(User.UserId()!.Value, PageNumber, PageSize, ct);
    }

    /// <summary>Deletes one item.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await history.DeleteAsync(User.UserId()!.Value, id, ct)) return NotFound();
        Message = "The item was deleted.";
        return RedirectToPage(new { p = PageNumber });
    }

    /// <summary>Deletes everything.</summary>
    public async Task<IActionResult> OnPostDeleteAllAsync(CancellationToken ct)
    {
        int count = await history.DeleteAllAsync(User.UserId()!.Value, ct);
        Message = count == 1 ? "1 item was deleted." : $"{count} items were deleted.";
        return RedirectToPage();
    }
}
