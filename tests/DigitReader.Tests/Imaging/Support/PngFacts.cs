using Xunit;
using System.Buffers.Binary;
using System.IO.Compression;

namespace DigitReader.Tests.Imaging.Support;

/// <summary>Reads facts from PNG bytes and builds PNG files chunk by chunk, independently of the decoder under test.</summary>
internal static class PngFacts
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the IHDR colour type, bit depth, interlace method and presence of tRNS.</summary>
    public static void Expect(byte[] png, int colorType, int depth, bool interlaced, bool trns)
    {
        Assert.Equal((colorType, depth, interlaced ? 1 : 0), (png[25], png[24], png[28]));
        Assert.Equal(trns, Chunks(png).Any(c => c.Type == "tRNS"));
    }

    /// <summary>The chunks of a well-formed PNG: type, data, and the offset of the length field.</summary>
    public static List<(string Type, byte[] Data, int Offset)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[], int)>();
        for (int p = 8; p + 12 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            chunks.Add((System.Text.Encoding.ASCII.GetString(png, p + 4, 4), png.AsSpan(p + 8, length).ToArray(), p));
            p += length + 12;
        }
        return chunks;
    }

    /// <summary>One chunk with a correct CRC (zlib's CRC-32 is the PNG one).</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[data.Length + 12];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    public static byte[] Ihdr(int width, int height, int depth, int colorType, int interlace = 0)
    {
        var d = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(d, width);
        BinaryPrimitives.WriteInt32BigEndian(d.AsSpan(4), height);
        (d[8], d[9], d[12]) = ((byte)depth, (byte)colorType, (byte)interlace);
        return Chunk("IHDR", d);
    }

    public static byte[] Zlib(ReadOnlySpan<byte> raw)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
        return output.ToArray();
    }

    /// <summary>A complete PNG from chunks.</summary>
    public static byte[] File(params byte[][] chunks) => [.. Signature, .. chunks.SelectMany(c => c)];

    /// <summary>Recomputes every chunk CRC (for mutations that should get past the CRC check).</summary>
    public static void FixCrcs(byte[] png)
    {
        for (int p = 8; p + 12 <= png.Length;)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p));
            if (p + 12 + length > png.Length) return;
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(p + 8 + (int)length), Crc32(png.AsSpan(p + 4, 4 + (int)length)));
            p += (int)length + 12;
        }
    }

    /// <summary>A bitwise CRC-32 (the slow textbook form, deliberately unlike the decoder's table version).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
