using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DigitReader.NeuralNetwork.Serialization;

/// <summary>A named float32 tensor as stored in a safetensors file.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Values);

/// <summary>Thrown when a model or checkpoint file is malformed, truncated or does not match its architecture.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads and writes the safetensors format (Hugging Face, github.com/huggingface/safetensors): an 8-byte
/// little-endian header length N, N bytes of JSON mapping each tensor name to
/// <c>{"dtype","shape","data_offsets":[begin,end]}</c> plus an optional <c>"__metadata__"</c> map of
/// strings, then the raw little-endian tensor bytes, offsets relative to the end of the header.
/// Only F32 is used here.
/// </summary>
public static class Safetensors
{
    /// <summary>Largest header accepted, bytes: a real header is a few kilobytes; this guards against a garbage length.</summary>
    public const int MaxHeaderLength = 16 << 20;

    /// <summary>Writes tensors and metadata to <paramref name="path"/> atomically (a temporary file renamed over the target), so a crash never leaves a half-written model in place.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var bytes = Serialize(tensors, metadata);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Serialises tensors and metadata to the bytes of a safetensors file.</summary>
    public static byte[] Serialize(IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var list = tensors.ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) };
        long offset = 0;
        foreach (var t in list)
        {
            if (t.Values.Length != Tensor.Count(t.Shape)) throw new ArgumentException($"Tensor {t.Name}: {t.Values.Length} values for shape {Tensor.Describe(t.Shape)}.");
            long end = offset + 4L * t.Values.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, end),
            };
            offset = end;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        long at = 8 + padded;
        foreach (var t in list)
        {
            var dst = bytes.AsSpan((int)at, 4 * t.Values.Length);
            if (BitConverter.IsLittleEndian) System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Values.AsSpan()).CopyTo(dst);
            else for (int i = 0; i < t.Values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(dst[(4 * i)..], t.Values[i]);
            at += dst.Length;
        }
        return bytes;
    }

    /// <summary>Parses a safetensors file's bytes; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="ModelFormatException">Truncated, a bad header, an unsupported dtype, overlapping or out-of-range offsets.</exception>
    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 8) throw new ModelFormatException($"{name}: {bytes.Length} bytes is too short for a safetensors file (truncated?).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength || headerLength > (ulong)(bytes.Length - 8))
            throw new ModelFormatException($"{name}: header length {headerLength} does not fit in a {bytes.Length}-byte file (truncated or not a safetensors file).");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.Slice(8, (int)headerLength)) as JsonObject
                ?? throw new ModelFormatException($"{name}: the header is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{name}: the header is not valid JSON ({e.Message}).", e);
        }
        var data = bytes[(8 + (int)headerLength)..];
        var metadata = new Dictionary<string, string>();
        var tensors = new List<(long Begin, NamedTensor Tensor)>();
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__")
            {
                if (node is not JsonObject meta) throw new ModelFormatException($"{name}: __metadata__ is not an object.");
                foreach (var (k, v) in meta)
                    metadata[k] = v is JsonValue value && value.TryGetValue(out string? s) ? s : throw new ModelFormatException($"{name}: metadata \"{k}\" is not a string.");
                continue;
            }
            tensors.Add(ReadTensor(key, node, data, name));
        }
        // Tensors must tile the data buffer exactly, with no gaps, overlaps or trailing bytes.
        tensors.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach (var (begin, t) in tensors)
        {
            if (begin != expected) throw new ModelFormatException($"{name}: tensor {t.Name} starts at byte {begin}, expected {expected} (overlapping or gapped data).");
            expected = begin + 4L * t.Values.Length;
        }
        if (expected != data.Length) throw new ModelFormatException($"{name}: the tensors cover {expected} bytes but the data section has {data.Length} (truncated or padded file).");
        return (tensors.Select(t => t.Tensor).ToList(), metadata);
    }

    private static (long, NamedTensor) ReadTensor(string key, JsonNode? node, ReadOnlySpan<byte> data, string name)
    {
        try
        {
            var dtype = (string?)node?["dtype"];
            if (dtype != "F32") throw new ModelFormatException($"{name}: tensor {key} has dtype {dtype ?? "(none)"}; only F32 is supported.");
            var shape = node!["shape"]!.AsArray().Select(d => (int)d!).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => (long)d!).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.Length)
                throw new ModelFormatException($"{name}: tensor {key} has data offsets [{string.Join(", ", offsets)}] outside the {data.Length}-byte data section (truncated file?).");
            long count = shape.Aggregate(1L, (a, d) => d < 0 ? throw new ModelFormatException($"{name}: tensor {key} has a negative dimension.") : a * d);
            if (offsets[1] - offsets[0] != 4 * count)
                throw new ModelFormatException($"{name}: tensor {key} of shape {Tensor.Describe(shape)} needs {4 * count} bytes but its offsets span {offsets[1] - offsets[0]}.");
            var values = new float[count];
            var src = data.Slice((int)offsets[0], (int)(4 * count));
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
            return (offsets[0], new NamedTensor(key, shape, values));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or OverflowException)
        {
            throw new ModelFormatException($"{name}: tensor {key} has a malformed header entry ({e.Message}).", e);
        }
    }
}
