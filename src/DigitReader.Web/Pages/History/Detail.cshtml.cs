using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.History;
using DigitReader.Web.Features.Predictions;
using DigitReader.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages.History;

/// <summary>
/// One stored result. The intermediate images are not stored: the stored file is recognised again
/// (a few milliseconds) to show them, while the numbers shown are the stored ones.
/// </summary>
public sealed class DetailModel(HistoryService history, RecognitionService recognition) : PageModel
{
    /// <summary>The result to show.</summary>
    public ResultView? Result { get; private set; }

    /// <summary>Set when the stored file could not be shown again (e.g. the model is unavailable).</summary>
    public Problem? Error { get; private set; }

    /// <summary>Loads the item; 404 for a missing id or another user's.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var record = await history.GetAsync(User.UserId()!.Value, id, ct);
        if (record is null) return NotFound();
        try
        {
            var again = recognition.Recognize(record.ImageBytes, record.FileName);
            Result = ResultView.Build(recognition, again, record.ImageBytes, record);
        }
        catch (Exception e) when (ProblemCatalog.Describe(e) is { } problem)
        {
            Error = problem;
        }
        return Page();
    }

    /// <summary>Deletes the item and returns to the list.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await history.DeleteAsync(User.UserId()!.Value, id, ct)) return NotFound();
        TempData["Message"] = "The item was deleted.";
        return RedirectToPage("/History/Index");
    }
}
