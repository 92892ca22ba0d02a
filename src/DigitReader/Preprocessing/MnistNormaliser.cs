using DigitReader.Imaging;

namespace DigitReader.Preprocessing;

/// <summary>Placeholder until the normaliser lands: turns any grayscale image into an MNIST-like 28 × 28 input.</summary>
public sealed class MnistNormaliser
{
    /// <summary>Normalises <paramref name="image"/>.</summary>
    /// <exception cref="NoDigitFoundException">The image holds no ink.</exception>
    public NormalisedDigit Normalise(GrayImage image) => throw new NotImplementedException();
}
