using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace DigitReader.Web.Features.Predictions;

/// <summary>
/// Reads uploaded images from a request: multipart/form-data file parts, or the raw body for any other
/// content type. Enforces the size limit itself as well as through Kestrel, so the limit holds behind
/// any server (the test server has no body limit of its own).
/// </summary>
public static class UploadReader
{
    /// <summary>Reads the file parts (multipart) or the body (anything else).</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">Largest accepted body, bytes.</param>
    /// <param name="cancellationToken">Aborts the read.</param>
    /// <returns>The files in the order they were sent; empty-named empty parts (an unused file input) are dropped.</returns>
    /// <exception cref="UploadException">413 when over the limit, 400 when the multipart body is malformed.</exception>
    public static async Task<IReadOnlyList<UploadedFile>> ReadAllAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        long allowed = maxBytes + UploadOptions.MultipartOverhead;
        if (request.ContentLength > allowed) throw UploadException.TooLarge(maxBytes);

        if (IsMultipart(request))
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = allowed }, cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw UploadException.TooLarge(maxBytes);
            }
            catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                throw UploadException.TooLarge(maxBytes);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                throw UploadException.BadField($"The multipart/form-data body could not be read: {e.Message}");
            }

            var files = new List<UploadedFile>();
            long total = 0;
            foreach (var part in form.Files)
            {
                // A browser sends an empty, unnamed part for a file input the user left empty.
                if (part.Length == 0 && string.IsNullOrEmpty(part.FileName)) continue;
                total += part.Length;
                if (total > maxBytes) throw UploadException.TooLarge(maxBytes);
                using var buffer = new MemoryStream((int)part.Length);
                await part.CopyToAsync(buffer, cancellationToken);
                files.Add(new UploadedFile(string.IsNullOrEmpty(part.FileName) ? null : Path.GetFileName(part.FileName), buffer.ToArray()) { PartName = part.Name });
            }
            return files;
        }

        var body = await ReadBodyAsync(request.Body, maxBytes, cancellationToken);
        return body.Length == 0 ? [] : [new UploadedFile(null, body)];
    }

    /// <summary>Reads exactly one file: the part named <c>file</c>, else the only file part, else the raw body.</summary>
    /// <exception cref="UploadException">400 when there is no file or several without one named <c>file</c>; 413 when over the limit.</exception>
    public static async Task<UploadedFile> ReadOneAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var files = await ReadAllAsync(request, maxBytes, cancellationToken);
        if (files.Count == 0) throw UploadException.Missing();
        if (files.Count == 1) return files[0];
        return files.FirstOrDefault(f => f.PartName == "file")
            ?? throw UploadException.BadField($"The request has {files.Count} file parts. Send one part named 'file', or use /api/v1/predictions/batch for several images.");
    }

    private static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadBodyAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw UploadException.TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw UploadException.TooLarge(maxBytes);
        }
        return buffer.ToArray();
    }
}
