namespace DigitReader.NeuralNetwork;

/// <summary>
/// A learnable tensor and its gradient, both flat row-major buffers of the same length. The layer that
/// owns it fills <see cref="Gradient"/> in its backward pass; an optimizer reads it and updates <see cref="Value"/>.
/// </summary>
public sealed class Parameter(string name, int[] shape, bool decay)
{
    /// <summary>Name within its layer ("weight", "bias").</summary>
    public string Name { get; } = name;

    /// <summary>Shape, e.g. <c>[C_out, C_in, K, K]</c> for a convolution's weight.</summary>
    public int[] Shape { get; } = shape;

    /// <summary>The values.</summary>
    public float[] Value { get; } = new float[Tensor.Count(shape)];

    /// <summary>∂loss/∂value, accumulated over the current batch.</summary>
    public float[] Gradient { get; } = new float[Tensor.Count(shape)];

    /// <summary>
    /// Whether weight decay applies. False for biases and normalisation scales and shifts, which
    /// regularisation should not pull to zero (as is common practice, e.g. Loshchilov and Hutter 2019).
    /// </summary>
    public bool Decay { get; } = decay;
}

/// <summary>
/// A non-learnable tensor that is part of a model's state and is saved with it: a batch normalisation's
/// running mean and variance.
/// </summary>
public sealed class Buffer(string name, int[] shape)
{
    /// <summary>Name within its layer ("running_mean").</summary>
    public string Name { get; } = name;

    /// <summary>Shape.</summary>
    public int[] Shape { get; } = shape;

    /// <summary>The values.</summary>
    public float[] Value { get; } = new float[Tensor.Count(shape)];
}
