using DigitReader.NeuralNetwork;
using DigitReader.Training;

namespace DigitReader.Tests.NeuralNetwork;

/// <summary>
/// Three optimizer steps on a decayed weight and an undecayed bias against <c>torch.optim</c>: Adam,
/// Adam with L2 weight decay, AdamW (decoupled decay 0.05) and SGD with Nesterov momentum 0.9 and weight
/// decay 5e-4. Three steps, not one, so bias correction and the momentum buffers are exercised.
/// </summary>
public class TorchReferenceOptimizerTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("adam_l2")]
    [InlineData("adamw")]
    [InlineData("sgd_nesterov")]
    public void Steps_match_pytorch(string name)
    {
        var f = TorchReferenceFixture.Load(name);
        var weight = new Parameter("weight", f.Shape("weight_initial"), decay: true);
        var bias = new Parameter("bias", f.Shape("bias_initial"), decay: false);
        f.CopyTo("weight_initial", weight.Shape, weight.Value);
        f.CopyTo("bias_initial", bias.Shape, bias.Value);
        Parameter[] parameters = [weight, bias];
        float decay = f.Float("weight_decay");
        Optimizer optimizer = name switch
        {
            "adam" or "adam_l2" => new Adam(parameters, decay, decoupled: false),
            "adamw" => new Adam(parameters, decay, decoupled: true),
            "sgd_nesterov" => new Sgd(parameters, decay, f.Float("momentum"), f.Bool("nesterov")),
            _ => throw new ArgumentException(name),
        };
        for (int step = 1; step <= f.Int("steps"); step++)
        {
            f.CopyTo($"weight_grad_{step}", weight.Shape, weight.Gradient);
            f.CopyTo($"bias_grad_{step}", bias.Shape, bias.Gradient);
            optimizer.Step(f.Float("lr"));
            // Updates are ~1e-3 of values ~1: compare with an absolute tolerance well below one update.
            f.AssertMatches($"weight_after_{step}", weight.Shape, weight.Value, relative: 1e-6, absolute: 2e-6);
            f.AssertMatches($"bias_after_{step}", bias.Shape, bias.Value, relative: 1e-6, absolute: 2e-6);
        }
        Assert.Equal(f.Int("steps"), optimizer.StepCount);
    }
}
