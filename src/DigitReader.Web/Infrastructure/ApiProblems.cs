using DigitReader.Web.Features.Predictions;

namespace DigitReader.Web.Infrastructure;

/// <summary>Builds RFC 9457 problem+json results for the API.</summary>
public static class ApiProblems
{
    /// <summary>The result for a described problem.</summary>
    public static IResult From(Problem problem) =>
        Results.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail);

    /// <summary>A 404 that does not say whether the id exists for someone else.</summary>
    public static IResult NotFound(string what = "prediction") =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: $"There is no {what} with this id in your history.");

    /// <summary>A 400 for a bad query or form field.</summary>
    public static IResult BadField(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);
}
