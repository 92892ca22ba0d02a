using DigitReader.Web.Features.Predictions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DigitReader.Web.Pages;

/// <summary>
/// The friendly error page for pages (the API answers problem+json instead). Reached by re-execution,
/// possibly of a POST, so it must not demand an antiforgery token itself.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IConfiguration configuration) : PageModel
{
    /// <summary>The status shown.</summary>
    public int Status { get; private set; }

    /// <summary>Heading.</summary>
    public string Title { get; private set; } = "";

    /// <summary>What happened and what to do.</summary>
    public string Detail { get; private set; } = "";

    /// <summary>Describes the re-executed status or exception.</summary>
    public void OnGet(int? status) => Describe(status);

    /// <summary>Same for a re-executed POST.</summary>
    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Status = status ?? (exception is BadHttpRequestException bad ? bad.StatusCode : Response.StatusCode);
        if (Status < 400) Status = 500;
        long maxMb = (configuration.GetValue<long?>("Uploads:MaxBytes") ?? new UploadOptions().MaxBytes) / 1_000_000;
        (Title, Detail) = Status switch
        {
            400 => ("The request could not be used", "The form may have expired or been sent incompletely. Go back, reload the page and try again."),
            403 => ("Not allowed", "You do not have access to this page."),
            404 => ("Page not found", "There is nothing at this address. It may have been deleted, or the link is mistyped."),
            405 => ("Not allowed", "This address cannot be used that way."),
            413 => ("File too large", $"The upload is larger than the limit of {maxMb} MB. Choose a smaller image: a digit needs only a few hundred pixels a side."),
            415 => ("Unsupported file", "Choose a PNG, JPEG, BMP or PGM/PPM image."),
            429 => ("Too many requests", "You sent many requests in a short time. Wait a minute and try again."),
            _ => ("Something went wrong", "An unexpected error occurred on our side. Try again in a moment."),
        };
        Response.StatusCode = Status;
    }
}
