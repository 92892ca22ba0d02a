using DigitReader.NeuralNetwork;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>Softmax cross-entropy (loss and ∂loss/∂logits) against PyTorch's <c>F.cross_entropy</c>, with and without label smoothing.</summary>
public class TorchReferenceLossTests
{
    [Theory]
    [InlineData("cross_entropy_ls0")]
    [InlineData("cross_entropy_ls01")]
    public void Cross_entropy_matches_pytorch(string name)
    {
        var f = TorchReferenceFixture.Load(name);
        var loss = new CrossEntropyLoss(f.Float("label_smoothing"));
        var logits = f.Tensor("logits");
        var probabilities = new float[logits.Length];
        float value = loss.Forward(logits, f.Labels("labels"), probabilities);
        f.AssertMatches("loss", [value]);
        f.AssertMatches("logits_grad", loss.Gradient.Shape, loss.Gradient.Span);
        // The probabilities are softmax(logits); row sums are 1 and they must not have been overwritten by the gradient.
        for (int i = 0; i < logits.N; i++)
            Assert.Equal(1.0, probabilities.AsSpan(i * 10, 10).ToArray().Sum(p => (double)p), 5);
    }
}
