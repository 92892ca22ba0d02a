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
    private Tensor? input;

    /// <summary>Creates the layer with zero weights.</summary>
    public Linear(int inFeatures, int outFeatures)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = new Parameter("weight", [outFeatures, inFeatures], decay: true);
        bias = new Parameter("bias", [outFeatures], decay: false);
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
        var shape = OutputShape(input.Shape);
        this.input = input;
        output.Reshape(shape);
        float[] x = input.Data, y = output.Data, w = weight.Value, b = bias.Value;
        int inF = InFeatures, outF = OutFeatures;
        if (shape[0] < Parallelism.Workers)
        {
            // Batch-1 inference: split the output features across cores instead of the rows.
            int n = shape[0];
            Parallelism.For(outF, (start, end, _) =>
            {
                for (int i = 0; i < n; i++)
                {
                    var yi = y.AsSpan(i * outF + start, end - start);
                    Sgemm.Multiply(false, true, 1, end - start, inF, x.AsSpan(i * inF, inF), w.AsSpan(start * inF, (end - start) * inF), yi, accumulate: false);
                    TensorPrimitives.Add(yi, b.AsSpan(start, end - start), yi);
                }
            });
            return output;
        }
        Parallelism.For(shape[0], (start, end, _) =>
        {
            int rows = end - start;
            var yr = y.AsSpan(start * outF, rows * outF);
            Sgemm.Multiply(false, true, rows, outF, inF, x.AsSpan(start * inF, rows * inF), w, yr, accumulate: false);
            for (int i = 0; i < rows; i++) TensorPrimitives.Add(yr.Slice(i * outF, outF), b, yr.Slice(i * outF, outF));
        });
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        var x = input ?? throw new InvalidOperationException("Backward called before Forward.");
        int n = x.Shape[0], inF = InFeatures, outF = OutFeatures;
        float[] dy = outputGradient.Data, xs = x.Data, dW = weight.Gradient, w = weight.Value;
        // ∂L/∂W = ∂L/∂Yᵀ · X, split by rows of W so each worker owns its rows.
        Parallelism.For(outF, (start, end, _) =>
        {
            int rows = end - start;
            Sgemm.Multiply(true, false, rows, inF, n, dy.AsSpan(start), xs, dW.AsSpan(start * inF, rows * inF), accumulate: false, lda: outF);
        });
        var db = bias.Gradient;
        Array.Clear(db);
        for (int i = 0; i < n; i++) TensorPrimitives.Add(db, dy.AsSpan(i * outF, outF), db);
        if (!ComputeInputGradient) return outputGradient;
        inputGradient.Reshape(x.Shape);
        float[] dx = inputGradient.Data;
        Parallelism.For(n, (start, end, _) =>
        {
            int rows = end - start;
            Sgemm.Multiply(false, false, rows, inF, outF, dy.AsSpan(start * outF, rows * outF), w, dx.AsSpan(start * inF, rows * inF), accumulate: false);
        });
        return inputGradient;
    }
}
