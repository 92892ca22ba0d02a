using DigitReader.NeuralNetwork.Layers;

namespace DigitReader.NeuralNetwork;

/// <summary>
/// A chain of layers: the output of each is the input of the next. Parameters and buffers are named
/// <c>"{index}.{name}"</c> (e.g. <c>"0.weight"</c>, <c>"1.running_mean"</c>), the way PyTorch names an
/// <c>nn.Sequential</c>'s state, so model files line up with a PyTorch port of the same architecture.
/// </summary>
public sealed class Sequential
{
    /// <summary>Chains <paramref name="layers"/>; the first layer computes no input gradient.</summary>
    public Sequential(IEnumerable<Layer> layers)
    {
        Layers = layers.ToArray();
        if (Layers.Count == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        Layers[0].ComputeInputGradient = false;
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Runs every layer forward. Returns a tensor owned by the last layer, valid until the next call.</summary>
    public Tensor Forward(Tensor input, bool training)
    {
        var x = input;
        // An index loop: foreach over the IReadOnlyList would allocate an enumerator per call.
        for (int i = 0; i < Layers.Count; i++) x = Layers[i].Forward(x, training);
        return x;
    }

    /// <summary>Back-propagates ∂loss/∂output through every layer, setting each parameter's gradient.</summary>
    public void Backward(Tensor outputGradient)
    {
        var g = outputGradient;
        for (int i = Layers.Count - 1; i >= 0; i--) g = Layers[i].Backward(g);
    }

    /// <summary>Every learnable parameter with its state name.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() =>
        Layers.SelectMany((layer, i) => layer.Parameters.Select(p => ($"{i}.{p.Name}", p)));

    /// <summary>Every saved buffer (running statistics) with its state name.</summary>
    public IEnumerable<(string Name, Buffer Buffer)> NamedBuffers() =>
        Layers.SelectMany((layer, i) => layer.Buffers.Select(b => ($"{i}.{b.Name}", b)));

    /// <summary>All saved state, parameters then buffers: name, shape and values (the live arrays, not copies).</summary>
    public IEnumerable<(string Name, int[] Shape, float[] Values)> State() =>
        NamedParameters().Select(p => (p.Name, p.Parameter.Shape, p.Parameter.Value))
            .Concat(NamedBuffers().Select(b => (b.Name, b.Buffer.Shape, b.Buffer.Value)));

    /// <summary>Number of learnable scalars.</summary>
    public long ParameterCount => NamedParameters().Sum(p => (long)p.Parameter.Value.Length);

    /// <summary>Multiply–accumulates of one forward pass for one input of shape <c>[C, H, W]</c>; FLOPs are twice this.</summary>
    public long MultiplyAccumulates(int[] inputShape)
    {
        long total = 0;
        int[] shape = [1, .. inputShape];
        foreach (var layer in Layers)
        {
            total += layer.MultiplyAccumulates(shape[1..]);
            shape = layer.OutputShape(shape);
        }
        return total;
    }

    /// <summary>The layer specifications, for the model file.</summary>
    public IReadOnlyList<LayerSpec> Specs => Layers.Select(l => l.Spec).ToArray();

    /// <summary>Builds a network from specifications (zero weights).</summary>
    /// <exception cref="FormatException">An unknown layer type or an invalid size.</exception>
    public static Sequential FromSpecs(IEnumerable<LayerSpec> specs) => new(specs.Select(Create));

    private static Layer Create(LayerSpec s)
    {
        try
        {
            return s.Type switch
            {
                "Conv2d" => new Conv2d(s.In, s.Out, s.Kernel, s.Stride == 0 ? 1 : s.Stride, s.Padding, s.Bias ?? true),
                "BatchNorm2d" => new BatchNorm2d(s.In),
                "ReLU" => new ReLU(),
                "MaxPool2d" => new MaxPool2d(s.Kernel == 0 ? 2 : s.Kernel),
                "Dropout" => new Dropout(s.P),
                "Flatten" => new Flatten(),
                "Linear" => new Linear(s.In, s.Out),
                _ => throw new FormatException($"Unknown layer type \"{s.Type}\"."),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Invalid {s.Type} layer: {e.Message}", e);
        }
    }
}
