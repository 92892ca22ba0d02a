namespace DigitReader.NeuralNetwork.Layers;

/// <summary>Reshapes <c>[N, C, H, W]</c> to <c>[N, C·H·W]</c> without copying (the row-major order is unchanged).</summary>
public sealed class Flatten : Layer
{
    private int[] inputShape = [];

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "Flatten" };

    /// <inheritdoc />
    public override int[] OutputShape(int[] shape) => [shape[0], Tensor.Count(shape.AsSpan(1))];

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        inputShape = input.Shape;
        return new Tensor(input.Data, OutputShape(input.Shape));
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient) => new(outputGradient.Data, inputShape);
}
