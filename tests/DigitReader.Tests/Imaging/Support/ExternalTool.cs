using System.Diagnostics;

namespace DigitReader.Tests.Imaging.Support;

/// <summary>Runs the reference tools the tests compare against (ImageMagick, cjpeg, djpeg) and collects their output.</summary>
internal static class ExternalTool
{
    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="args"/>, feeding <paramref name="input"/> to its standard
    /// input when given, and returns its standard output.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tool exited with a non-zero code; the message carries its stderr.</exception>
    public static byte[] Run(string path, IEnumerable<string> args, byte[]? input = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // Both pipes drain while the input is written, so a tool that writes before it has read everything cannot block.
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
        }
        copy.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(path)} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {stderr.Result}");
        return output.ToArray();
    }
}
