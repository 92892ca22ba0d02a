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
    private Tensor? input;
    // Made once so a parallel call allocates nothing.
    private readonly Action<int, int, int> forwardPlanes;

    /// <summary>Creates the layer with a <paramref name="kernelSize"/> × <paramref name="kernelSize"/> window.</summary>
    public MaxPool2d(int kernelSize = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        KernelSize = kernelSize;
        forwardPlanes = ForwardPlanes;
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
        var shape = CachedOutputShape(input.Shape);
        inputShape = input.Shape;
        output.Reshape(shape);
        if (argmax.Length < output.Length) argmax = new int[output.Length];
        this.input = input;
        // A plane of a few hundred comparisons is far less work than waking a thread: share out only batches.
        Parallelism.For(shape[0] * shape[1], forwardPlanes, grain: 64);
        this.input = null;
        return output;
    }

    /// <summary>Planes (image × channel) [start, end): each window's maximum and where it came from.</summary>
    private void ForwardPlanes(int start, int end, int worker)
    {
        int h = inputShape[2], w = inputShape[3], oh = output.Shape[2], ow = output.Shape[3], k = KernelSize;
        float[] x = input!.Data, y = output.Data;
        int[] idx = argmax;
        if (k == 2)
        {
            ForwardPlanes2x2(x, y, idx, start, end, h, w, oh, ow);
            return;
        }
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
    }

    /// <summary>
    /// The usual 2 × 2 window unrolled, with the same comparisons in the same order (the first maximum in
    /// row-major order wins), so the result and the chosen indices are those of the general loop.
    /// </summary>
    private static void ForwardPlanes2x2(float[] x, float[] y, int[] idx, int start, int end, int h, int w, int oh, int ow)
    {
        for (int p = start; p < end; p++)
        {
            int inBase = p * h * w, outBase = p * oh * ow;
            for (int oy = 0; oy < oh; oy++)
            {
                var top = x.AsSpan(inBase + 2 * oy * w, w);
                var bottom = x.AsSpan(inBase + (2 * oy + 1) * w, w);
                var yRow = y.AsSpan(outBase + oy * ow, ow);
                var iRow = idx.AsSpan(outBase + oy * ow, ow);
                int rowStart = inBase + 2 * oy * w;
                for (int ox = 0; ox < ow; ox++)
                {
                    int c = 2 * ox, best = c;
                    float max = top[c];
                    if (top[c + 1] > max) { max = top[c + 1]; best = c + 1; }
                    if (bottom[c] > max) { max = bottom[c]; best = w + c; }
                    if (bottom[c + 1] > max) { max = bottom[c + 1]; best = w + c + 1; }
                    yRow[ox] = max;
                    iRow[ox] = rowStart + best;
                }
            }
        }
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
