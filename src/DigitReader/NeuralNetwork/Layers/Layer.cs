namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// A differentiable stage of a network. <see cref="Forward"/> keeps what <see cref="Backward"/> needs;
/// both return tensors owned by the layer and reused on the next call, so the training loop allocates
/// nothing once the first batch has run. A layer instance is not thread-safe; it parallelises internally.
/// </summary>
public abstract class Layer
{
    /// <summary>Learnable parameters, in a fixed order.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Saved non-learnable state (running statistics), in a fixed order.</summary>
    public virtual IReadOnlyList<Buffer> Buffers => [];

    /// <summary>
    /// False for the first layer of a network: its input gradient is never used, so it is not computed.
    /// </summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>Computes the output. <paramref name="training"/> selects batch statistics and dropout.</summary>
    /// <exception cref="ArgumentException">The input's shape does not fit the layer.</exception>
    public abstract Tensor Forward(Tensor input, bool training);

    /// <summary>
    /// Given ∂loss/∂output for the last <see cref="Forward"/>, accumulates parameter gradients and returns
    /// ∂loss/∂input (or the unchanged argument when <see cref="ComputeInputGradient"/> is false).
    /// </summary>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>The output shape for an input shape.</summary>
    public abstract int[] OutputShape(int[] inputShape);

    private int[] lastInputShape = [], lastOutputShape = [];

    /// <summary>
    /// <see cref="OutputShape"/> of <paramref name="inputShape"/>, computed (and allocated) only when the input
    /// shape differs from the previous call's, so a training step of fixed-size batches allocates nothing.
    /// The returned array is shared: do not modify it.
    /// </summary>
    /// <exception cref="ArgumentException">The input's shape does not fit the layer.</exception>
    protected int[] CachedOutputShape(int[] inputShape)
    {
        if (!inputShape.AsSpan().SequenceEqual(lastInputShape))
        {
            lastOutputShape = OutputShape(inputShape);
            lastInputShape = (int[])inputShape.Clone();
        }
        return lastOutputShape;
    }

    /// <summary>The layer's description for the model file, e.g. <c>{"type":"Conv2d","in":1,"out":32,"kernel":3}</c>.</summary>
    public abstract LayerSpec Spec { get; }

    /// <summary>Multiply–accumulate operations of one forward pass for one input of the given shape (without N).</summary>
    public virtual long MultiplyAccumulates(int[] inputShape) => 0;
}
