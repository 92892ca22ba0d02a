using System.Buffers.Binary;
using System.IO.Compression;
using DigitReader.Tests.Imaging.Support;

namespace DigitReader.Tests.Imaging.Fuzzing;

/// <summary>
/// Deterministic structure-aware mutations of image files: bit flips, byte overwrites, truncation, PNG chunk and
/// JPEG segment shuffles and duplications, length-field corruption, and PNG image-data edits re-compressed with
/// valid CRCs so they reach the filters and pixel conversion instead of stopping at the CRC check.
/// </summary>
internal sealed class Mutator(Random random)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    /// <summary>Applies one to four mutations; returns the mutated bytes and a description for failure reports.</summary>
    public (byte[] Data, string Description) Mutate(byte[] original)
    {
        var data = original.ToArray();
        var steps = new List<string>();
        int count = 1 + random.Next(4);
        for (int i = 0; i < count && data.Length > 0; i++)
        {
            (data, string step) = random.Next(10) switch
            {
                0 or 1 => FlipBit(data),
                2 => Overwrite(data),
                3 => Truncate(data),
                4 => IsPng(data) ? ShuffleChunks(data) : IsJpeg(data) ? ShuffleSegments(data) : FlipBit(data),
                5 or 6 => CorruptLength(data),
                7 => IsPng(data) ? EditImageData(data) : Overwrite(data),
                8 => InsertBytes(data),
                _ => OverwriteRun(data),
            };
            steps.Add(step);
        }
        // Most random damage to a PNG would stop at the CRC check; usually repair the CRCs to reach deeper code.
        if (IsPng(data) && random.Next(4) != 0)
        {
            PngFacts.FixCrcs(data);
            steps.Add("fix CRCs");
        }
        return (data, string.Join(", ", steps));
    }

    private static bool IsPng(byte[] d) => d.Length > 8 && d.AsSpan(0, 8).SequenceEqual(PngFacts.Signature);
    private static bool IsJpeg(byte[] d) => d.Length > 3 && d[0] == 0xFF && d[1] == 0xD8;

    private (byte[], string) FlipBit(byte[] d)
    {
        int at = random.Next(d.Length), bit = random.Next(8);
        d[at] ^= (byte)(1 << bit);
        return (d, $"flip bit {bit} of byte {at}");
    }

    private (byte[], string) Overwrite(byte[] d)
    {
        int at = random.Next(d.Length);
        d[at] = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
        return (d, $"overwrite byte {at} with {d[at]}");
    }

    private (byte[], string) OverwriteRun(byte[] d)
    {
        int at = random.Next(d.Length), length = Math.Min(d.Length - at, 1 + random.Next(16));
        random.NextBytes(d.AsSpan(at, length));
        return (d, $"randomise {length} bytes at {at}");
    }

    private (byte[], string) Truncate(byte[] d)
    {
        int length = random.Next(d.Length);
        return (d[..length], $"truncate to {length}");
    }

    private (byte[], string) InsertBytes(byte[] d)
    {
        int at = random.Next(d.Length + 1), length = 1 + random.Next(8);
        var inserted = new byte[length];
        random.NextBytes(inserted);
        return ([.. d[..at], .. inserted, .. d[at..]], $"insert {length} bytes at {at}");
    }

    /// <summary>Sets a length or size field to a nearby, zero or huge value.</summary>
    private (byte[], string) CorruptLength(byte[] d)
    {
        var offsets = new List<(int Offset, int Size, bool BigEndian)>();
        if (IsPng(d))
            foreach (var c in Chunks(d)) offsets.Add((c.Offset, 4, true));
        else if (IsJpeg(d))
            foreach (var s in Segments(d)) offsets.Add((s.Offset + 2, 2, true));
        else if (d.Length > 54 && d[0] == 'B' && d[1] == 'M')
            foreach (int o in new[] { 2, 10, 14, 18, 22, 28, 30, 34, 46 }) offsets.Add((o, o is 28 ? 2 : 4, false));
        else
            return NetpbmNumber(d);
        if (offsets.Count == 0) return FlipBit(d);

        var (offset, size, big) = offsets[random.Next(offsets.Count)];
        if (offset + size > d.Length) return FlipBit(d);
        var field = d.AsSpan(offset, size);
        uint old = size == 4 ? (big ? BinaryPrimitives.ReadUInt32BigEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field))
            : (big ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt16LittleEndian(field));
        uint value = random.Next(5) switch
        {
            0 => 0,
            1 => uint.MaxValue,
            2 => (uint)random.Next(),
            3 => old + (uint)random.Next(-4, 5),
            _ => 0x8000_0000u + (uint)random.Next(16),
        };
        if (size == 4)
        {
            if (big) BinaryPrimitives.WriteUInt32BigEndian(field, value); else BinaryPrimitives.WriteUInt32LittleEndian(field, value);
        }
        else if (big) BinaryPrimitives.WriteUInt16BigEndian(field, (ushort)value);
        else BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
        return (d, $"set the {size}-byte field at {offset} from {old} to {value}");
    }

    /// <summary>Replaces one of the first ASCII numbers of a Netpbm header with another number.</summary>
    private (byte[], string) NetpbmNumber(byte[] d)
    {
        int index = random.Next(3), seen = 0;
        for (int i = 2; i < Math.Min(d.Length, 200); i++)
        {
            if (!char.IsAsciiDigit((char)d[i]) || char.IsAsciiDigit((char)d[i - 1])) continue;
            if (seen++ != index) continue;
            int end = i;
            while (end < d.Length && char.IsAsciiDigit((char)d[end])) end++;
            string replacement = random.Next(4) switch
            {
                0 => "0",
                1 => "65536",
                2 => random.Next(1, 70000).ToString(),
                _ => new string('9', 1 + random.Next(30)),
            };
            return ([.. d[..i], .. System.Text.Encoding.ASCII.GetBytes(replacement), .. d[end..]], $"header number {index} → {replacement}");
        }
        return Overwrite(d);
    }

    private (byte[], string) ShuffleChunks(byte[] d)
    {
        var chunks = Chunks(d);
        if (chunks.Count < 2) return FlipBit(d);
        var pieces = chunks.Select(c => d[c.Offset..(c.Offset + c.Size)]).ToList();
        string step = MutateList(pieces);
        return ([.. PngFacts.Signature, .. pieces.SelectMany(p => p)], "chunks: " + step);
    }

    private (byte[], string) ShuffleSegments(byte[] d)
    {
        var segments = Segments(d);
        if (segments.Count < 2) return FlipBit(d);
        int end = segments[^1].Offset + segments[^1].Size;
        var pieces = segments.Select(s => d[s.Offset..(s.Offset + s.Size)]).ToList();
        string step = MutateList(pieces);
        return ([0xFF, 0xD8, .. pieces.SelectMany(p => p), .. d[end..]], "segments: " + step);
    }

    private string MutateList(List<byte[]> pieces)
    {
        int a = random.Next(pieces.Count), b = random.Next(pieces.Count);
        switch (random.Next(3))
        {
            case 0:
                (pieces[a], pieces[b]) = (pieces[b], pieces[a]);
                return $"swap {a} and {b}";
            case 1:
                pieces.Insert(b, pieces[a]);
                return $"duplicate {a} at {b}";
            default:
                pieces.RemoveAt(a);
                return $"remove {a}";
        }
    }

    /// <summary>Edits the inflated image data (filter bytes, samples, length) and re-compresses it.</summary>
    private (byte[], string) EditImageData(byte[] d)
    {
        var chunks = Chunks(d);
        var idats = chunks.Where(c => d[c.Offset + 4] == 'I' && d[c.Offset + 5] == 'D' && d[c.Offset + 6] == 'A' && d[c.Offset + 7] == 'T').ToList();
        if (idats.Count == 0) return FlipBit(d);
        byte[] raw;
        try
        {
            using var z = new ZLibStream(new MemoryStream(idats.SelectMany(c => d[(c.Offset + 8)..(c.Offset + c.Size - 4)]).ToArray()), CompressionMode.Decompress);
            var buffer = new MemoryStream();
            z.CopyTo(buffer);
            raw = buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            return FlipBit(d);
        }
        string step;
        if (raw.Length == 0 || random.Next(4) == 0)
        {
            int length = raw.Length == 0 ? random.Next(64) : random.Next(raw.Length * 2);
            Array.Resize(ref raw, length);
            step = $"resize image data to {length}";
        }
        else
        {
            int edits = 1 + random.Next(4);
            for (int i = 0; i < edits; i++) raw[random.Next(raw.Length)] = (byte)random.Next(256);
            step = $"edit {edits} image-data bytes";
        }
        var idat = PngFacts.Chunk("IDAT", PngFacts.Zlib(raw));
        int start = idats[0].Offset, end = idats[^1].Offset + idats[^1].Size;
        return ([.. d[..start], .. idat, .. d[end..]], step);
    }

    private static List<(int Offset, int Size)> Chunks(byte[] d)
    {
        var list = new List<(int, int)>();
        for (int p = 8; p + 12 <= d.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p)) + 12L;
            if (p + size > d.Length) break;
            list.Add((p, (int)size));
            p += (int)size;
        }
        return list;
    }

    /// <summary>JPEG marker segments between SOI and the start of scan data (ITU T.81 B.1.1.4), inclusive of SOS.</summary>
    private static List<(int Offset, int Size)> Segments(byte[] d)
    {
        var list = new List<(int, int)>();
        for (int p = 2; p + 4 <= d.Length && d[p] == 0xFF;)
        {
            int size = 2 + BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(p + 2));
            if (p + size > d.Length) break;
            list.Add((p, size));
            if (d[p + 1] == 0xDA) break; // SOS: entropy-coded data follows
            p += size;
        }
        return list;
    }
}
