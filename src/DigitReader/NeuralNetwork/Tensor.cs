namespace DigitReader.NeuralNetwork;

/// <summary>
/// A dense float tensor: a contiguous buffer with an explicit shape, row-major (the last dimension
/// varies fastest). Images travel as <c>[N, C, H, W]</c>, features as <c>[N, F]</c>. The buffer may be
/// longer than the shape needs, so a layer can keep one buffer for its largest batch and reuse it.
/// </summary>
public sealed class Tensor
{
    /// <summary>Creates a zero tensor of the given shape.</summary>
    public Tensor(params int[] shape) : this(new float[Count(shape)], shape) { }

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The buffer is shorter than the shape needs.</exception>
    public Tensor(float[] data, params int[] shape)
    {
        if (data.Length < Count(shape))
            throw new ArgumentException($"A [{string.Join(", ", shape)}] tensor needs {Count(shape)} floats; the buffer has {data.Length}.");
        Data = data;
        Shape = shape;
    }

    /// <summary>The buffer; only the first <see cref="Length"/> elements belong to the tensor.</summary>
    public float[] Data { get; private set; }

    /// <summary>The dimensions, outermost first.</summary>
    public int[] Shape { get; private set; }

    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length => Count(Shape);

    /// <summary>The elements as a span of exactly <see cref="Length"/> floats.</summary>
    public Span<float> Span => Data.AsSpan(0, Length);

    /// <summary>The size of the outermost dimension (the batch size N).</summary>
    public int N => Shape[0];

    /// <summary>
    /// Sets the shape, growing the buffer if it is too small (its old contents are then lost). This is how
    /// layers reuse their output buffers from batch to batch without allocating.
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        int count = Count(shape);
        if (Data.Length < count) Data = new float[count];
        Shape = shape;
        return this;
    }

    /// <summary>A tensor of the same shape over a copy of the elements.</summary>
    public Tensor Clone() => new(Span.ToArray(), (int[])Shape.Clone());

    /// <summary>The product of the dimensions.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static int Count(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d}.");
            count *= d;
        }
        return checked((int)count);
    }

    /// <summary>"[N, C, H, W]"-style text of the shape.</summary>
    public static string Describe(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
