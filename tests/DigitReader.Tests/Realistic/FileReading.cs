using DigitReader.Preprocessing;
using DigitReader.Recognition;

namespace DigitReader.Tests.Realistic;

/// <summary>Reading one labelled file through the whole pipeline, for the tests that count what they read.</summary>
internal static class FileReading
{
    /// <summary>
    /// Null when <paramref name="recognizer"/> reads <paramref name="file"/> as <paramref name="label"/>; else
    /// the miss, for the test's output: <c>#index: label read as digit</c>, or the "no digit" message.
    /// </summary>
    public static string? Miss(this DigitRecognizer recognizer, byte[] file, int label, int index)
    {
        try
        {
            int read = recognizer.Recognize(file).Prediction.Digit;
            return read == label ? null : $"#{index}: {label} read as {read}";
        }
        catch (NoDigitFoundException e)
        {
            return $"#{index}: {label}, {e.Message}";
        }
    }
}
