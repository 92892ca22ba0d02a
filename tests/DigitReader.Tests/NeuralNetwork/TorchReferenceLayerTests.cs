using DigitReader.NeuralNetwork;
using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>
/// Each layer's forward and backward pass against PyTorch 1.13 on fixed inputs (fixtures from
/// <c>tools/torch/make_reference.py</c>): output, ∂L/∂input, every parameter gradient and, for batch
/// normalisation, the updated running statistics.
/// </summary>
public class TorchReferenceLayerTests
{
    public static TheoryData<string> Cases => new()
    {
        "conv2d_bias_s1_p0", "conv2d_bias_s1_p1", "conv2d_bias_s2_p0", "conv2d_bias_s2_p1",
        "conv2d_nobias_s1_p0", "conv2d_nobias_s1_p1", "conv2d_nobias_s2_p0", "conv2d_nobias_s2_p1",
        "batchnorm2d_train", "batchnorm1d_train", "relu", "maxpool2d", "flatten", "linear",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_pytorch(string name)
    {
        var f = TorchReferenceFixture.Load(name);
        var layer = Create(f);
        RunAndCompare(f, layer, training: true);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_second_pass_on_the_same_layer_gives_the_same_results(string name)
    {
        // Layers reuse their buffers and the trainer never clears gradients, so the second batch must
        // overwrite, not accumulate onto, what the first left behind.
        var f = TorchReferenceFixture.Load(name);
        var layer = Create(f);
        RunAndCompare(f, layer, training: true);
        RunAndCompare(f, layer, training: true);
    }

    [Fact]
    public void Batch_normalisation_in_eval_mode_matches_pytorch_forward()
    {
        var f = TorchReferenceFixture.Load("batchnorm2d_eval");
        var layer = Create(f);
        SetState(f, layer);
        var output = layer.Forward(f.Tensor("input"), training: false);
        f.AssertMatches("output", output.Shape, output.Span);
        // Evaluation must leave the running statistics alone.
        f.AssertMatches("buffer:running_mean", layer.Buffers[0].Value, relative: 0, absolute: 0);
        f.AssertMatches("buffer:running_var", layer.Buffers[1].Value, relative: 0, absolute: 0);
    }

    [Fact]
    public void Batch_normalisation_in_eval_mode_matches_pytorch_backward()
    {
        // In eval mode the layer is the affine map y = γ(x − running_mean)/√(running_var + ε) + β, so
        // ∂L/∂x = γ/√(running_var + ε)·∂L/∂y: e.g. an input-saliency map of a trained model needs this.
        var f = TorchReferenceFixture.Load("batchnorm2d_eval");
        var layer = Create(f);
        SetState(f, layer);
        layer.Forward(f.Tensor("input"), training: false);
        var inputGradient = layer.Backward(f.Tensor("output_grad"));
        f.AssertMatches("input_grad", inputGradient.Shape, inputGradient.Span);
        f.AssertMatches("grad:weight", layer.Parameters[0].Gradient);
        f.AssertMatches("grad:bias", layer.Parameters[1].Gradient);
    }

    [Fact]
    public void Dropout_in_eval_mode_is_the_identity_as_in_pytorch()
    {
        // Masks come from our own generator, so only evaluation (no mask) is compared with PyTorch.
        var f = TorchReferenceFixture.Load("dropout_eval");
        var layer = new Dropout(f.Float("p"), seed: 1);
        var output = layer.Forward(f.Tensor("input"), training: false);
        f.AssertMatches("output", output.Shape, output.Span, relative: 0, absolute: 0);
        var inputGradient = layer.Backward(f.Tensor("output_grad"));
        f.AssertMatches("input_grad", inputGradient.Shape, inputGradient.Span, relative: 0, absolute: 0);
    }

    private static void RunAndCompare(TorchReferenceFixture f, Layer layer, bool training)
    {
        SetState(f, layer);
        var output = layer.Forward(f.Tensor("input"), training);
        f.AssertMatches("output", output.Shape, output.Span);
        var inputGradient = layer.Backward(f.Tensor("output_grad"));
        f.AssertMatches("input_grad", inputGradient.Shape, inputGradient.Span);
        foreach (var p in layer.Parameters) f.AssertMatches("grad:" + p.Name, p.Shape, p.Gradient);
        foreach (var b in layer.Buffers) f.AssertMatches("buffer:" + b.Name, b.Shape, b.Value);
    }

    /// <summary>Loads the fixture's parameters and the running statistics as they were before the pass.</summary>
    private static void SetState(TorchReferenceFixture f, Layer layer)
    {
        foreach (var p in layer.Parameters) f.CopyTo("param:" + p.Name, p.Shape, p.Value);
        foreach (var b in layer.Buffers) f.CopyTo("buffer_before:" + b.Name, b.Shape, b.Value);
    }

    private static Layer Create(TorchReferenceFixture f)
    {
        Layer layer = f.Name switch
        {
            _ when f.Name.StartsWith("conv2d_") => new Conv2d(f.Int("in"), f.Int("out"), f.Int("kernel"), f.Int("stride"), f.Int("padding"), f.Bool("bias")),
            _ when f.Name.StartsWith("batchnorm") => new BatchNorm2d(f.Int("channels"), f.Float("epsilon"), f.Float("momentum")),
            "relu" => new ReLU(),
            "maxpool2d" => new MaxPool2d(f.Int("kernel")),
            "flatten" => new Flatten(),
            "linear" => new Linear(f.Int("in"), f.Int("out")),
            _ => throw new ArgumentException($"No layer for case {f.Name}."),
        };
        // A lone layer is not the first of a network: it must return ∂L/∂input.
        layer.ComputeInputGradient = true;
        return layer;
    }
}
