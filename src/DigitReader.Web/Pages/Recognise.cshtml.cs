using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.History;
using DigitReader.Web.Features.Predictions;
using DigitReader.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DigitReader.Web.Pages;

/// <summary>
/// The Recognise page: upload, photo, camera and drawing. A form post shows the result here for an
/// anonymous visitor, and for a signed-in user stores it and redirects to its history page (so a
/// reload does not post the image again).
/// </summary>
public sealed class RecogniseModel(RecognitionService recognition, HistoryService history, IOptions<UploadOptions> uploads) : PageModel
{
    /// <summary>The result to show, after a successful anonymous post.</summary>
    public ResultView? Result { get; private set; }

    /// <summary>Why the last post failed, shown above the form.</summary>
    public Problem? Error { get; private set; }

    /// <summary>The upload limit, for the form's hint and the script's early check, bytes.</summary>
    public long MaxBytes => uploads.Value.MaxBytes;

    /// <summary>Shows the empty page.</summary>
    public void OnGet() { }

    /// <summary>Recognises the posted file (the first non-empty file part).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var file = await UploadReader.ReadOneAsync(Request, uploads.Value.MaxBytes, ct);
            var result = recognition.Recognize(file.Bytes, file.FileName);
            if (User.UserId() is { } userId)
            {
                var record = await history.SaveAsync(userId, result, file.Bytes, ct);
                return RedirectToPage("/History/Detail", new { id = record.Id });
            }
            Result = ResultView.Build(recognition, result, file.Bytes, null);
            return Page();
        }
        catch (Exception e) when (ProblemCatalog.Describe(e) is { } problem)
        {
            Error = problem;
            Response.StatusCode = problem.Status;
            return Page();
        }
    }
}
