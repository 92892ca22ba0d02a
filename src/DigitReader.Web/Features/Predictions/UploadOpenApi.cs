using Microsoft.OpenApi;

namespace DigitReader.Web.Features.Predictions;

/// <summary>
/// Describes the upload bodies in the OpenAPI document. <c>Accepts&lt;T&gt;()</c> cannot be used: it also
/// makes routing refuse every other content type with 415, and the API takes raw bodies of any type.
/// </summary>
public static class UploadOpenApi
{
    /// <summary>Documents a multipart body with file part(s), or a raw image body.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="batch">True for several parts named freely; false for one part named <c>file</c> or a raw body.</param>
    public static RouteHandlerBuilder DescribeUpload(this RouteHandlerBuilder builder, bool batch) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            var multipart = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    [batch ? "files" : "file"] = batch ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = binary } : binary,
                },
            };
            var content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = multipart } };
            if (!batch)
            {
                foreach (string type in new[] { "image/png", "image/jpeg", "image/bmp", "image/x-portable-anymap", "application/octet-stream" })
                    content[type] = new OpenApiMediaType { Schema = binary };
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = batch
                    ? "One file part per image, any part names, at most Uploads:MaxBatchFiles parts and Uploads:MaxBytes in all."
                    : "The image as a multipart part named 'file', or as the raw body (PNG, JPEG, BMP, PGM/PPM; format detected from the bytes).",
                Content = content,
            };
            return Task.CompletedTask;
        });
}
