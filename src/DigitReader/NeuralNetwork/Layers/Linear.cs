using System.Numerics.Tensors;
using DigitReader.NeuralNetwork.Kernels;

namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// Fully connected layer, <c>y = x·Wᵀ + b</c>: input <c>[N, in]</c>, weight <c>[out, in]</c> (PyTorch's
/// layout), bias <c>[out]</c>, output <c>[N, out]</c>. Each matrix product is split by rows across cores.
/// </summary>
public sealed class Linear : Layer
{
    private readonly Parameter weight, bias;
    private readonly Tensor output = new(0), inputGradient = new(0);
    private Tensor? input, outputGradient;
    // Made once so a parallel call allocates nothing.
    private readonly Action<int, int, int> forwardFeatures, forwardRows, weightGradientRows, inputGradientRows;

    /// <summary>Creates the layer with zero weights.</summary>
    public Linear(int inFeatures, int outFeatures)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = new Parameter("weight", [outFeatures, inFeatures], decay: true);
        bias = new Parameter("bias", [outFeatures], decay: false);
        forwardFeatures = ForwardFeatures;
        forwardRows = ForwardRows;
        weightGradientRows = WeightGradientRows;
        inputGradientRows = InputGradientRows;
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, <c>[out, in]</c>.</summary>
    public Parameter Weight => weight;

    /// <summary>The bias, <c>[out]</c>.</summary>
    public Parameter Bias => bias;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [weight, bias];

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "Linear", In = InFeatures, Out = OutFeatures };

    /// <inheritdoc />
    public override int[] OutputShape(int[] shape)
    {
        if (shape.Length != 2 || shape[1] != InFeatures)
            throw new ArgumentException($"Linear({InFeatures}→{OutFeatures}) expects [N, {InFeatures}], got {Tensor.Describe(shape)}.");
        return [shape[0], OutFeatures];
    }

    /// <inheritdoc />
    public override long MultiplyAccumulates(int[] inputShape) => (long)InFeatures * OutFeatures;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        var shape = CachedOutputShape(input.Shape);
        this.input = input;
        output.Reshape(shape);
        // Batch-1 inference: split the output features across cores instead of the rows (a small layer's few
        // features are not worth waking a thread for).
        if (shape[0] < Parallelism.Workers) Parallelism.For(OutFeatures, forwardFeatures, grain: 32);
        else Parallelism.For(shape[0], forwardRows);
        return output;
    }

    /// <summary>Output features [start, end) of every row, for batches smaller than the worker count.</summary>
    private void ForwardFeatures(int start, int end, int worker)
    {
        float[] x = input!.Data, y = output.Data, w = weight.Value, b = bias.Value;
        int inF = InFeatures, outF = OutFeatures;
        // One dot product per feature: a product with one row would spend as long packing W as using it.
        for (int i = 0; i < input.N; i++)
        {
            var xi = x.AsSpan(i * inF, inF);
            for (int j = start; j < end; j++) y[i * outF + j] = TensorPrimitives.Dot(xi, w.AsSpan(j * inF, inF)) + b[j];
        }
    }

    /// <summary>Rows (images) [start, end): y = x·Wᵀ + b.</summary>
    private void ForwardRows(int start, int end, int worker)
    {
        float[] x = input!.Data, y = output.Data;
        int inF = InFeatures, outF = OutFeatures, rows = end - start;
        var yr = y.AsSpan(start * outF, rows * outF);
        Sgemm.Multiply(false, true, rows, outF, inF, x.AsSpan(start * inF, rows * inF), weight.Value, yr, accumulate: false);
        for (int i = 0; i < rows; i++) TensorPrimitives.Add(yr.Slice(i * outF, outF), bias.Value, yr.Slice(i * outF, outF));
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        var x = input ?? throw new InvalidOperationException("Backward called before Forward.");
        int n = x.Shape[0], outF = OutFeatures;
        float[] dy = outputGradient.Data;
        this.outputGradient = outputGradient;
        // ∂L/∂W = ∂L/∂Yᵀ · X, split by rows of W so each worker owns its rows.
        Parallelism.For(outF, weightGradientRows);
        var db = bias.Gradient;
        Array.Clear(db);
        for (int i = 0; i < n; i++) TensorPrimitives.Add(db, dy.AsSpan(i * outF, outF), db);
        if (ComputeInputGradient)
        {
            inputGradient.Reshape(x.Shape);
            Parallelism.For(n, inputGradientRows);
        }
        this.outputGradient = null;
        return ComputeInputGradient ? inputGradient : outputGradient;
    }

    /// <summary>Rows [start, end) of ∂L/∂W = ∂L/∂Yᵀ · X.</summary>
    private void WeightGradientRows(int start, int end, int worker)
    {
        int rows = end - start;
        Sgemm.Multiply(true, false, rows, InFeatures, input!.N, outputGradient!.Data.AsSpan(start), input.Data,
            weight.Gradient.AsSpan(start * InFeatures, rows * InFeatures), accumulate: false, lda: OutFeatures);
    }

    /// <summary>Rows (images) [start, end) of ∂L/∂X = ∂L/∂Y · W.</summary>
    private void InputGradientRows(int start, int end, int worker)
    {
        int rows = end - start, inF = InFeatures, outF = OutFeatures;
        Sgemm.Multiply(false, false, rows, inF, outF, outputGradient!.Data.AsSpan(start * outF, rows * outF), weight.Value,
            inputGradient.Data.AsSpan(start * inF, rows * inF), accumulate: false);
    }
}
