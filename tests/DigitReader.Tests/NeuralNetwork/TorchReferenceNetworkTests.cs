using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>
/// A small network with the default architecture's layer sequence (two Conv–BN–ReLU blocks with max
/// pooling, then Linear–ReLU–Linear; 4 images of 1×16×16) against PyTorch: one training-mode forward with
/// label-smoothed cross-entropy, the backward pass to every parameter, the updated running statistics, and
/// an eval-mode forward with those statistics. Parameter names follow PyTorch's <c>nn.Sequential</c>.
/// </summary>
public class TorchReferenceNetworkTests
{
    [Fact]
    public void Small_digitnet_matches_pytorch()
    {
        var f = TorchReferenceFixture.Load("digitnet_small");
        var network = new Sequential(
        [
            new Conv2d(1, 4, 3, padding: 1, bias: false), new BatchNorm2d(4), new ReLU(),
            new Conv2d(4, 4, 3, padding: 1, bias: false), new BatchNorm2d(4), new ReLU(),
            new MaxPool2d(2),
            new Conv2d(4, 8, 3, padding: 1, bias: false), new BatchNorm2d(8), new ReLU(),
            new Conv2d(8, 8, 3, padding: 1, bias: false), new BatchNorm2d(8), new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(8 * 4 * 4, 16), new ReLU(),
            new Linear(16, 10),
        ]);
        foreach (var (name, p) in network.NamedParameters()) f.CopyTo("param:" + name, p.Shape, p.Value);
        Assert.Equal(
            f.Names("param:").Order(),
            network.NamedParameters().Select(p => p.Name).Order());

        var loss = new CrossEntropyLoss(f.Float("label_smoothing"));
        var logits = network.Forward(f.Tensor("input"), training: true);
        f.AssertMatches("logits", logits.Shape, logits.Span);
        float value = loss.Forward(logits, f.Labels("labels"));
        f.AssertMatches("loss", [value]);
        network.Backward(loss.Gradient);
        foreach (var (name, p) in network.NamedParameters()) f.AssertMatches("grad:" + name, p.Shape, p.Gradient);
        foreach (var (name, b) in network.NamedBuffers()) f.AssertMatches("buffer:" + name, b.Shape, b.Value);

        var evalLogits = network.Forward(f.Tensor("input"), training: false);
        f.AssertMatches("eval_logits", evalLogits.Shape, evalLogits.Span);
    }
}
