namespace DigitReader.NeuralNetwork.Layers;

/// <summary>Reshapes <c>[N, C, H, W]</c> to <c>[N, C·H·W]</c> without copying (the row-major order is unchanged).</summary>
public sealed class Flatten : Layer
{
    private int[] inputShape = [];

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "Flatten" };

    /// <inheritdoc />
    public override int[] OutputShape(int[] shape) => [shape[0], Tensor.Count(shape.AsSpan(1))];

    // Views over the neighbours' buffers, remade only when a buffer or shape changes.
    private Tensor? output, inputGradient;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        inputShape = input.Shape;
        var shape = CachedOutputShape(input.Shape);
        if (output is null || output.Data != input.Data || output.Shape != shape) output = new Tensor(input.Data, shape);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        if (inputGradient is null || inputGradient.Data != outputGradient.Data || !inputGradient.Shape.AsSpan().SequenceEqual(inputShape))
            inputGradient = new Tensor(outputGradient.Data, inputShape);
        return inputGradient;
    }
}
