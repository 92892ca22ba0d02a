namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// Max pooling over square windows of a <c>[N, C, H, W]</c> input with stride equal to the window
/// (no padding; a trailing partial window is dropped, as PyTorch's default floor mode does). The gradient
/// goes to the first maximum of each window.
/// </summary>
public sealed class MaxPool2d : Layer
{
    private readonly Tensor output = new(0), inputGradient = new(0);
    private int[] argmax = [];
    private int[] inputShape = [];

    /// <summary>Creates the layer with a <paramref name="kernelSize"/> × <paramref name="kernelSize"/> window.</summary>
    public MaxPool2d(int kernelSize = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        KernelSize = kernelSize;
    }

    /// <summary>Window size and stride, pixels.</summary>
    public int KernelSize { get; }

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "MaxPool2d", Kernel = KernelSize };

    /// <inheritdoc />
    public override int[] OutputShape(int[] shape)
    {
        if (shape.Length != 4 || shape[2] < KernelSize || shape[3] < KernelSize)
            throw new ArgumentException($"MaxPool2d({KernelSize}) expects [N, C, H, W] with H, W ≥ {KernelSize}, got {Tensor.Describe(shape)}.");
        return [shape[0], shape[1], shape[2] / KernelSize, shape[3] / KernelSize];
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        var shape = OutputShape(input.Shape);
        inputShape = input.Shape;
        output.Reshape(shape);
        if (argmax.Length < output.Length) argmax = new int[output.Length];
        int planes = shape[0] * shape[1], h = input.Shape[2], w = input.Shape[3], oh = shape[2], ow = shape[3], k = KernelSize;
        float[] x = input.Data, y = output.Data;
        int[] idx = argmax;
        Parallelism.For(planes, (start, end, _) =>
        {
            for (int p = start; p < end; p++)
            {
                int inBase = p * h * w, outBase = p * oh * ow;
                for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    int best = inBase + oy * k * w + ox * k;
                    float max = x[best];
                    for (int dy = 0; dy < k; dy++)
                    for (int dx = 0; dx < k; dx++)
                    {
                        int at = inBase + (oy * k + dy) * w + ox * k + dx;
                        if (x[at] > max) { max = x[at]; best = at; }
                    }
                    y[outBase + oy * ow + ox] = max;
                    idx[outBase + oy * ow + ox] = best;
                }
            }
        });
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        inputGradient.Reshape(inputShape);
        var dx = inputGradient.Span;
        dx.Clear();
        var dy = outputGradient.Span;
        for (int i = 0; i < dy.Length; i++) dx[argmax[i]] += dy[i];
        return inputGradient;
    }
}
