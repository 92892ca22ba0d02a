using DigitReader.NeuralNetwork.Kernels;

namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// 2-D convolution (cross-correlation, as in PyTorch's <c>nn.Conv2d</c>) of a <c>[N, C_in, H, W]</c>
/// input with square kernels, giving <c>[N, C_out, H_out, W_out]</c> where
/// <c>H_out = (H + 2·padding − kernel) / stride + 1</c>. Implemented as im2col followed by one SGEMM per
/// image (Chellapilla, Puri and Simard, "High performance convolutional neural networks for document
/// processing", 2006), the images of a batch split across cores.
/// Weight <c>[C_out, C_in, kernel, kernel]</c>, bias <c>[C_out]</c>; initialised by the caller
/// (see <see cref="Initialization"/>).
/// </summary>
public sealed class Conv2d : Layer
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor output = new(0);
    private readonly Tensor inputGradient = new(0);
    private float[] columns = [];
    private float[][] workerWeightGradients = [];
    private float[][] workerColumnGradients = [];
    private float[][] workerColumns = [];
    private Tensor? input, outputGradient;
    private bool columnsKept;
    // The current pass's sizes and image, read by the chunk methods; the delegates are made once so a
    // parallel call allocates nothing.
    private int n, inH, inW, inSize, outH, outW, hw, ckk, image;
    private readonly Action<int, int, int> forwardImages, expandChannels, forwardPixels, backwardImages;

    /// <summary>Creates the layer with zero weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or padding is negative.</exception>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        weight = new Parameter("weight", [outChannels, inChannels, kernelSize, kernelSize], decay: true);
        this.bias = bias ? new Parameter("bias", [outChannels], decay: false) : null;
        forwardImages = ForwardImages;
        expandChannels = ExpandChannels;
        forwardPixels = ForwardPixels;
        backwardImages = BackwardImages;
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels (filters).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width, pixels.</summary>
    public int KernelSize { get; }

    /// <summary>Step between kernel positions, pixels.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on each side, pixels.</summary>
    public int Padding { get; }

    /// <summary>The kernels, <c>[C_out, C_in, K, K]</c>.</summary>
    public Parameter Weight => weight;

    /// <summary>The bias, <c>[C_out]</c>, or null.</summary>
    public Parameter? Bias => bias;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => bias is null ? [weight] : [weight, bias];

    /// <inheritdoc />
    public override LayerSpec Spec => new()
    {
        Type = "Conv2d", In = InChannels, Out = OutChannels, Kernel = KernelSize, Stride = Stride, Padding = Padding, Bias = bias is not null,
    };

    /// <inheritdoc />
    public override int[] OutputShape(int[] inputShape)
    {
        if (inputShape.Length != 4 || inputShape[1] != InChannels)
            throw new ArgumentException($"Conv2d({InChannels}→{OutChannels}) expects [N, {InChannels}, H, W], got {Tensor.Describe(inputShape)}.");
        int h = (inputShape[2] + 2 * Padding - KernelSize) / Stride + 1, w = (inputShape[3] + 2 * Padding - KernelSize) / Stride + 1;
        if (h <= 0 || w <= 0) throw new ArgumentException($"Conv2d kernel {KernelSize} does not fit a {inputShape[2]}×{inputShape[3]} input.");
        return [inputShape[0], OutChannels, h, w];
    }

    /// <inheritdoc />
    public override long MultiplyAccumulates(int[] inputShape)
    {
        var o = OutputShape([1, .. inputShape]);
        return (long)OutChannels * o[2] * o[3] * InChannels * KernelSize * KernelSize;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        var shape = CachedOutputShape(input.Shape);
        this.input = input;
        SetGeometry(input.Shape, shape);
        output.Reshape(shape);
        // Training keeps every image's columns for the backward pass; inference needs one buffer per worker.
        columnsKept = training;
        int slots = training ? n : Parallelism.Chunks(n);
        if (columns.Length < slots * ckk * hw) columns = new float[slots * ckk * hw];
        if (n < Parallelism.Workers)
        {
            // Too few images to share out (batch-1 inference): split each image's im2col by input channels and
            // its product by pixels (columns), so each core packs only its own part of the columns.
            for (int i = 0; i < n; i++)
            {
                image = i;
                Parallelism.For(InChannels, expandChannels, grain: 8);
                Parallelism.For((hw + Sgemm.NR - 1) / Sgemm.NR, forwardPixels);
            }
            return output;
        }
        Parallelism.For(n, forwardImages);
        return output;
    }

    /// <summary>Input channels [start, end) of image <see cref="image"/>'s im2col: their rows of the columns.</summary>
    private void ExpandChannels(int start, int end, int worker)
    {
        int plane = inH * inW, rows = KernelSize * KernelSize * hw;
        Im2Col.Expand(input!.Data.AsSpan(image * inSize + start * plane, (end - start) * plane), end - start, inH, inW, KernelSize, Stride, Padding,
            outH, outW, columns.AsSpan(image * ckk * hw + start * rows, (end - start) * rows));
    }

    /// <summary>Pixel panels [start, end) (of <see cref="Sgemm.NR"/> pixels) of image <see cref="image"/>, whose columns are ready.</summary>
    private void ForwardPixels(int start, int end, int worker)
    {
        int j0 = start * Sgemm.NR, j1 = Math.Min(end * Sgemm.NR, hw);
        var yi = output.Data.AsSpan(image * OutChannels * hw + j0);
        Sgemm.Multiply(false, false, OutChannels, j1 - j0, ckk, weight.Value, columns.AsSpan(image * ckk * hw + j0), yi, accumulate: false, ldb: hw, ldc: hw);
        if (bias is not null)
            for (int c = 0; c < OutChannels; c++)
                System.Numerics.Tensors.TensorPrimitives.Add(yi.Slice(c * hw, j1 - j0), bias.Value[c], yi.Slice(c * hw, j1 - j0));
    }

    /// <summary>Images [start, end): im2col into the image's (training) or the worker's (inference) columns, then one SGEMM.</summary>
    private void ForwardImages(int start, int end, int worker)
    {
        float[] x = input!.Data, y = output.Data;
        for (int i = start; i < end; i++)
        {
            var col = columns.AsSpan((columnsKept ? i : worker) * ckk * hw, ckk * hw);
            Im2Col.Expand(x.AsSpan(i * inSize, inSize), InChannels, inH, inW, KernelSize, Stride, Padding, outH, outW, col);
            var yi = y.AsSpan(i * OutChannels * hw, OutChannels * hw);
            Sgemm.Multiply(false, false, OutChannels, hw, ckk, weight.Value, col, yi, accumulate: false);
            if (bias is not null)
                for (int c = 0; c < OutChannels; c++)
                    System.Numerics.Tensors.TensorPrimitives.Add(yi.Slice(c * hw, hw), bias.Value[c], yi.Slice(c * hw, hw));
        }
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        var x = input ?? throw new InvalidOperationException("Backward called before Forward.");
        SetGeometry(x.Shape, output.Shape);
        int workers = Parallelism.Chunks(n);
        EnsureWorkerBuffers(workers, ckk * hw);
        if (ComputeInputGradient) inputGradient.Reshape(x.Shape);
        this.outputGradient = outputGradient;
        Parallelism.For(n, backwardImages);
        this.outputGradient = null;
        // Partial sums are added in worker order, so the result does not depend on scheduling.
        var gradient = weight.Gradient;
        workerWeightGradients[0].AsSpan(0, gradient.Length).CopyTo(gradient);
        for (int k = 1; k < workers; k++)
            System.Numerics.Tensors.TensorPrimitives.Add(gradient, workerWeightGradients[k], gradient);
        if (bias is not null)
        {
            float[] dy = outputGradient.Data;
            Array.Clear(bias.Gradient);
            for (int i = 0; i < n; i++)
                for (int c = 0; c < OutChannels; c++)
                    bias.Gradient[c] += System.Numerics.Tensors.TensorPrimitives.Sum(dy.AsSpan((i * OutChannels + c) * hw, hw));
        }
        return ComputeInputGradient ? inputGradient : outputGradient;
    }

    /// <summary>Images [start, end) of the backward pass: the worker's share of ∂L/∂W, and ∂L/∂x of each image.</summary>
    private void BackwardImages(int start, int end, int worker)
    {
        float[] dy = outputGradient!.Data, w = weight.Value, dx = inputGradient.Data;
        var dW = workerWeightGradients[worker];
        Array.Clear(dW);
        for (int i = start; i < end; i++)
        {
            var dyi = dy.AsSpan(i * OutChannels * hw, OutChannels * hw);
            var col = columnsKept ? columns.AsSpan(i * ckk * hw, ckk * hw) : Recompute(input!, i, worker, ckk * hw, inH, inW, outH, outW);
            // ∂L/∂W += ∂L/∂Y_i · col_iᵀ
            Sgemm.Multiply(false, true, OutChannels, ckk, hw, dyi, col, dW, accumulate: true);
            if (!ComputeInputGradient) continue;
            // ∂L/∂col_i = Wᵀ · ∂L/∂Y_i, then scattered back onto the input grid.
            var dcol = workerColumnGradients[worker].AsSpan(0, ckk * hw);
            Sgemm.Multiply(true, false, ckk, hw, OutChannels, w, dyi, dcol, accumulate: false);
            Im2Col.Collapse(dcol, InChannels, inH, inW, KernelSize, Stride, Padding, outH, outW, dx.AsSpan(i * inSize, inSize));
        }
    }

    /// <summary>Records the sizes of the current pass, which the chunk methods read.</summary>
    private void SetGeometry(int[] inputShape, int[] outputShape)
    {
        n = inputShape[0];
        inH = inputShape[2];
        inW = inputShape[3];
        inSize = InChannels * inH * inW;
        outH = outputShape[2];
        outW = outputShape[3];
        hw = outH * outW;
        ckk = InChannels * KernelSize * KernelSize;
    }

    /// <summary>After an evaluation-mode forward (columns not kept), rebuilds image i's columns in the worker's scratch.</summary>
    private Span<float> Recompute(Tensor x, int i, int worker, int length, int inH, int inW, int outH, int outW)
    {
        var scratch = workerColumns[worker].AsSpan(0, length);
        int inSize = InChannels * inH * inW;
        Im2Col.Expand(x.Data.AsSpan(i * inSize, inSize), InChannels, inH, inW, KernelSize, Stride, Padding, outH, outW, scratch);
        return scratch;
    }

    private void EnsureWorkerBuffers(int workers, int columnLength)
    {
        if (workerWeightGradients.Length < workers)
        {
            workerWeightGradients = new float[workers][];
            for (int k = 0; k < workers; k++) workerWeightGradients[k] = new float[weight.Value.Length];
            workerColumnGradients = new float[workers][];
        }
        if (workerColumns.Length < workers) workerColumns = new float[workers][];
        for (int k = 0; k < workers; k++)
        {
            if (workerColumnGradients[k] is null || workerColumnGradients[k].Length < columnLength)
                workerColumnGradients[k] = new float[columnLength];
            if (!columnsKept && (workerColumns[k] is null || workerColumns[k].Length < columnLength))
                workerColumns[k] = new float[columnLength];
        }
    }
}
