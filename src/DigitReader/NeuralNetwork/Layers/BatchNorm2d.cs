using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DigitReader.NeuralNetwork.Layers;

/// <summary>
/// Batch normalisation over the channels of a <c>[N, C, H, W]</c> (or <c>[N, C]</c>) input (Ioffe and
/// Szegedy, 2015): in training, each channel is normalised with the batch's mean and biased variance over
/// N·H·W values and the running statistics are updated with <see cref="Momentum"/> (running variance
/// unbiased, as PyTorch does); in evaluation the running statistics are used.
/// <c>y = γ·(x − μ)/√(σ² + ε) + β</c>, γ (<c>weight</c>) and β (<c>bias</c>) of shape <c>[C]</c>.
/// </summary>
public sealed class BatchNorm2d : Layer
{
    private readonly Parameter gamma, beta;
    private readonly Buffer runningMean, runningVar;
    private readonly Tensor output = new(0), inputGradient = new(0);
    private float[] normalised = [];
    private readonly float[] inverseStd;
    private Tensor? input, outputGradient;
    private bool evaluated;
    // The current pass's sizes, read by the chunk methods; the delegates are made once so a parallel call allocates nothing.
    private int batch, spatial;
    private readonly Action<int, int, int> forwardChannels, backwardChannels;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    public BatchNorm2d(int channels, float epsilon = 1e-5f, float momentum = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        Channels = channels;
        Epsilon = epsilon;
        Momentum = momentum;
        gamma = new Parameter("weight", [channels], decay: false);
        beta = new Parameter("bias", [channels], decay: false);
        runningMean = new Buffer("running_mean", [channels]);
        runningVar = new Buffer("running_var", [channels]);
        gamma.Value.AsSpan().Fill(1f);
        runningVar.Value.AsSpan().Fill(1f);
        inverseStd = new float[channels];
        forwardChannels = ForwardChannels;
        backwardChannels = BackwardChannels;
    }

    /// <summary>Channels C.</summary>
    public int Channels { get; }

    /// <summary>ε added to the variance, 1e-5 as in PyTorch.</summary>
    public float Epsilon { get; }

    /// <summary>Weight of the new batch in the running statistics, 0.1 as in PyTorch.</summary>
    public float Momentum { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [gamma, beta];

    /// <inheritdoc />
    public override IReadOnlyList<Buffer> Buffers => [runningMean, runningVar];

    /// <inheritdoc />
    public override LayerSpec Spec => new() { Type = "BatchNorm2d", In = Channels };

    /// <inheritdoc />
    public override int[] OutputShape(int[] inputShape)
    {
        if (inputShape.Length is not (2 or 4) || inputShape[1] != Channels)
            throw new ArgumentException($"BatchNorm2d({Channels}) expects [N, {Channels}, H, W], got {Tensor.Describe(inputShape)}.");
        return inputShape;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input, bool training)
    {
        OutputShape(input.Shape);
        this.input = input;
        int n = input.Shape[0], spatial = input.Length / (n * Channels);
        output.Reshape(input.Shape);
        float[] x = input.Data, y = output.Data;
        evaluated = !training;
        if (!training)
        {
            for (int c = 0; c < Channels; c++)
            {
                float scale = gamma.Value[c] / MathF.Sqrt(runningVar.Value[c] + Epsilon);
                float shift = beta.Value[c] - runningMean.Value[c] * scale;
                for (int i = 0; i < n; i++)
                {
                    var dst = y.AsSpan((i * Channels + c) * spatial, spatial);
                    TensorPrimitives.Multiply(x.AsSpan((i * Channels + c) * spatial, spatial), scale, dst);
                    TensorPrimitives.Add(dst, shift, dst);
                }
            }
            return output;
        }
        if (normalised.Length < input.Length) normalised = new float[input.Length];
        batch = n;
        this.spatial = spatial;
        Parallelism.For(Channels, forwardChannels);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        var x = input ?? throw new InvalidOperationException("Backward called before Forward.");
        int n = x.Shape[0], spatial = x.Length / (n * Channels);
        inputGradient.Reshape(x.Shape);
        if (evaluated) return BackwardEvaluation(x, outputGradient, n, spatial);
        batch = n;
        this.spatial = spatial;
        this.outputGradient = outputGradient;
        Parallelism.For(Channels, backwardChannels);
        this.outputGradient = null;
        return ComputeInputGradient ? inputGradient : outputGradient;
    }

    /// <summary>Channels [start, end) of a training forward pass: batch statistics, x̂, y and the running statistics.</summary>
    private void ForwardChannels(int start, int end, int worker)
    {
        float[] x = input!.Data, y = output.Data, xhat = normalised;
        int n = batch, count = n * spatial;
        for (int c = start; c < end; c++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += TensorPrimitives.Sum(x.AsSpan((i * Channels + c) * spatial, spatial));
            float mean = (float)(sum / count);
            double squares = 0;
            for (int i = 0; i < n; i++)
            {
                var seg = x.AsSpan((i * Channels + c) * spatial, spatial);
                var dst = xhat.AsSpan((i * Channels + c) * spatial, spatial);
                TensorPrimitives.Subtract(seg, mean, dst);
                squares += TensorPrimitives.SumOfSquares(dst);
            }
            float variance = (float)(squares / count);
            float invStd = 1f / MathF.Sqrt(variance + Epsilon);
            inverseStd[c] = invStd;
            for (int i = 0; i < n; i++)
            {
                int o = (i * Channels + c) * spatial;
                Normalise(xhat.AsSpan(o, spatial), invStd, gamma.Value[c], beta.Value[c], y.AsSpan(o, spatial));
            }
            runningMean.Value[c] = (1 - Momentum) * runningMean.Value[c] + Momentum * mean;
            float unbiased = count > 1 ? variance * count / (count - 1) : variance;
            runningVar.Value[c] = (1 - Momentum) * runningVar.Value[c] + Momentum * unbiased;
        }
    }

    /// <summary>Channels [start, end) of a training backward pass: ∂L/∂γ, ∂L/∂β and ∂L/∂x.</summary>
    private void BackwardChannels(int start, int end, int worker)
    {
        float[] dy = outputGradient!.Data, dx = inputGradient.Data, xhat = normalised;
        int n = batch, count = n * spatial;
        for (int c = start; c < end; c++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++)
            {
                int o = (i * Channels + c) * spatial;
                sumDy += TensorPrimitives.Sum(dy.AsSpan(o, spatial));
                sumDyXhat += TensorPrimitives.Dot(dy.AsSpan(o, spatial), xhat.AsSpan(o, spatial));
            }
            gamma.Gradient[c] = (float)sumDyXhat;
            beta.Gradient[c] = (float)sumDy;
            if (!ComputeInputGradient) continue;
            // ∂L/∂x = γ/(σ·M) · (M·∂L/∂y − Σ∂L/∂y − x̂·Σ(∂L/∂y·x̂))
            float k = gamma.Value[c] * inverseStd[c] / count;
            float sumDyF = (float)sumDy, sumDyXhatF = (float)sumDyXhat;
            for (int i = 0; i < n; i++)
            {
                int o = (i * Channels + c) * spatial;
                InputGradient(xhat.AsSpan(o, spatial), dy.AsSpan(o, spatial), -sumDyXhatF, count, sumDyF, k, dx.AsSpan(o, spatial));
            }
        }
    }

    /// <summary>
    /// x̂ ← x̂·invStd and y = x̂·γ + β in one pass over the segment (the separate multiply and add round as
    /// the unfused TensorPrimitives calls did).
    /// </summary>
    private static void Normalise(Span<float> xhat, float invStd, float gamma, float beta, Span<float> y)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vi = Vector256.Create(invStd);
            var vg = Vector256.Create(gamma);
            var vb = Vector256.Create(beta);
            for (; i <= xhat.Length - 8; i += 8)
            {
                var h = Vector256.Create(xhat.Slice(i, 8)) * vi;
                h.CopyTo(xhat.Slice(i, 8));
                (h * vg + vb).CopyTo(y.Slice(i, 8));
            }
        }
        for (; i < xhat.Length; i++)
        {
            float h = xhat[i] * invStd;
            xhat[i] = h;
            y[i] = h * gamma + beta;
        }
    }

    /// <summary>∂L/∂x = ((x̂·(−Σ∂L/∂y·x̂) + ∂L/∂y·M) − Σ∂L/∂y)·k over one segment in one pass, rounding as the unfused steps did.</summary>
    private static void InputGradient(ReadOnlySpan<float> xhat, ReadOnlySpan<float> dy, float minusSumDyXhat, float count, float sumDy, float k, Span<float> dx)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(minusSumDyXhat);
            var vm = Vector256.Create(count);
            var vd = Vector256.Create(sumDy);
            var vk = Vector256.Create(k);
            for (; i <= xhat.Length - 8; i += 8)
                ((Vector256.Create(xhat.Slice(i, 8)) * vs + Vector256.Create(dy.Slice(i, 8)) * vm - vd) * vk).CopyTo(dx.Slice(i, 8));
        }
        for (; i < xhat.Length; i++) dx[i] = (xhat[i] * minusSumDyXhat + dy[i] * count - sumDy) * k;
    }

    /// <summary>
    /// Backward of the evaluation-mode affine map y = γ·(x − μ_run)/σ_run + β, where the statistics are
    /// constants: ∂L/∂x = γ/σ_run·∂L/∂y (used e.g. for saliency on a trained model).
    /// </summary>
    private Tensor BackwardEvaluation(Tensor x, Tensor outputGradient, int n, int spatial)
    {
        float[] dy = outputGradient.Data, dx = inputGradient.Data, xs = x.Data;
        var centred = new float[spatial];
        for (int c = 0; c < Channels; c++)
        {
            float invStd = 1f / MathF.Sqrt(runningVar.Value[c] + Epsilon);
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++)
            {
                int o = (i * Channels + c) * spatial;
                TensorPrimitives.Subtract(xs.AsSpan(o, spatial), runningMean.Value[c], centred);
                TensorPrimitives.Multiply(centred, invStd, centred);
                sumDy += TensorPrimitives.Sum(dy.AsSpan(o, spatial));
                sumDyXhat += TensorPrimitives.Dot(dy.AsSpan(o, spatial), centred);
                if (ComputeInputGradient) TensorPrimitives.Multiply(dy.AsSpan(o, spatial), gamma.Value[c] * invStd, dx.AsSpan(o, spatial));
            }
            gamma.Gradient[c] = (float)sumDyXhat;
            beta.Gradient[c] = (float)sumDy;
        }
        return ComputeInputGradient ? inputGradient : outputGradient;
    }
}
