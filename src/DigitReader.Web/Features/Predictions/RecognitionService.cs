using System.Security.Cryptography;
using DigitReader.Imaging;
using DigitReader.Recognition;
using Microsoft.Extensions.Options;

namespace DigitReader.Web.Features.Predictions;

/// <summary>
/// Runs the recognition pipeline on uploaded bytes. The work is a few milliseconds of CPU, so it runs
/// synchronously on the request thread rather than being queued.
/// </summary>
public sealed class RecognitionService(ModelHost model, IOptions<UploadOptions> uploads)
{
    /// <summary>Decodes, normalises and classifies one file.</summary>
    /// <exception cref="ImageDecodeException">The file cannot be decoded (see <see cref="ProblemCatalog"/> for the status codes).</exception>
    /// <exception cref="Preprocessing.NoDigitFoundException">The image holds no ink.</exception>
    /// <exception cref="ModelUnavailableException">The model did not load.</exception>
    public RecognizedUpload Recognize(byte[] file, string? fileName = null)
    {
        var limits = new DecodeLimits { MaxBytes = uploads.Value.MaxBytes };
        var result = model.Recognizer.Recognize(file, limits);
        return new RecognizedUpload(result, fileName, file.LongLength, Convert.ToHexStringLower(SHA256.HashData(file)));
    }

    /// <summary>The first convolution layer's activations for a recognised image, one square map per channel.</summary>
    public float[][] FeatureMaps(RecognitionResult result) => model.Recognizer.FirstLayerFeatureMaps(result.Normalised.Input);
}
