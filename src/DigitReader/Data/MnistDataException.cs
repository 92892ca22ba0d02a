namespace DigitReader.Data;

/// <summary>
/// Thrown when the MNIST files cannot be found, fetched or verified. The message says what went wrong
/// and what to do about it (the command to run, or where to put which files).
/// </summary>
public sealed class MnistDataException : Exception
{
    /// <summary>Creates the exception with a message for a person.</summary>
    public MnistDataException(string message) : base(message) { }

    /// <summary>Creates the exception with a message for a person and the underlying cause.</summary>
    public MnistDataException(string message, Exception inner) : base(message, inner) { }
}
