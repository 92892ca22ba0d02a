using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DigitReader.NeuralNetwork.Layers;

/// <summary>Rectified linear unit, <c>y = max(x, 0)</c>, any shape; the gradient passes where y &gt; 0.</summary>
public sealed class ReLU : Layer
{
    private readonly Tensor output = new(0), inputGradient = new(0);

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "ReLU" };

    /// <inheritdoc />
    public override int[] OutputShape(int[] inputShape) => inputShape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        output.Reshape(input.Shape);
        TensorPrimitives.Max(input.Span, 0f, output.Span);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        inputGradient.Reshape(output.Shape);
        Mask(output.Span, outputGradient.Span, inputGradient.Span);
        return inputGradient;
    }

    private static void Mask(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
            for (; i <= y.Length - 8; i += 8)
            {
                var mask = Vector256.GreaterThan(Vector256.Create(y.Slice(i, 8)), Vector256<float>.Zero);
                Vector256.BitwiseAnd(mask, Vector256.Create(dy.Slice(i, 8))).CopyTo(dx.Slice(i, 8));
            }
        }
        for (; i < y.Length; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
    }
}
