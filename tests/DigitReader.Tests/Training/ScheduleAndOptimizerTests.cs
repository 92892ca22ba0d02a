using DigitReader.NeuralNetwork;
using DigitReader.Training;

namespace DigitReader.Tests.Training;

public class ScheduleAndOptimizerTests
{
    [Fact]
    public void One_cycle_rises_to_the_peak_then_anneals_far_below_the_start()
    {
        var s = new OneCycleSchedule { MaxLearningRate = 1f, TotalSteps = 1000 };
        Assert.Equal(0.04f, s.At(0), 4);
        Assert.Equal(1f, s.At(299), 3);
        Assert.True(s.At(650) < 1f && s.At(650) > 0.04f);
        Assert.True(s.At(999) < 1e-5f);
    }

    [Fact]
    public void Cosine_warms_up_linearly_then_decays_to_zero()
    {
        var s = new CosineWarmupSchedule { MaxLearningRate = 2f, TotalSteps = 100 };
        Assert.Equal(0.4f, s.At(0), 4);
        Assert.Equal(2f, s.At(4), 4);
        Assert.True(s.At(99) < 0.01f);
    }

    [Theory]
    [InlineData("adamw")]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void Each_optimizer_minimises_a_quadratic(string name)
    {
        // f(θ) = ½‖θ − t‖², ∇f = θ − t.
        var p = new Parameter("w", [3], decay: false);
        float[] target = [1f, -2f, 0.5f];
        var optimizer = Optimizer.Create(name, [p], weightDecay: 0f);
        for (int step = 0; step < 500; step++)
        {
            for (int i = 0; i < 3; i++) p.Gradient[i] = p.Value[i] - target[i];
            optimizer.Step(name == "sgd" ? 0.05f : 0.05f);
        }
        for (int i = 0; i < 3; i++) Assert.Equal(target[i], p.Value[i], 2);
    }

    [Fact]
    public void AdamW_decays_weights_but_not_parameters_excluded_from_decay()
    {
        var decayed = new Parameter("w", [1], decay: true);
        var excluded = new Parameter("b", [1], decay: false);
        decayed.Value[0] = excluded.Value[0] = 1f;
        var optimizer = new Adam([decayed, excluded], weightDecay: 0.5f, decoupled: true);
        optimizer.Step(0.1f);
        Assert.Equal(1f - 0.1f * 0.5f, decayed.Value[0], 5);
        Assert.Equal(1f, excluded.Value[0]);
    }

    [Fact]
    public void Unknown_names_are_clear_errors()
    {
        Assert.Contains("adamw", Assert.Throws<ArgumentException>(() => Optimizer.Create("rmsprop", [], 0)).Message);
        Assert.Contains("onecycle", Assert.Throws<ArgumentException>(() => LearningRateSchedule.Create("step", 1, 10)).Message);
        Assert.Contains("digitnet", Assert.Throws<ArgumentException>(() => Architectures.Create("resnet")).Message);
    }
}
