namespace DigitReader.Tests.Imaging.Support;

/// <summary>Writes PNGs whose scanlines use every filter type in turn, from random samples (PNG spec §9).</summary>
internal static class PngWriter
{
    public static byte[] WithAllFilters(int width, int height, int colorType, int depth, int interlace, int seed)
    {
        var random = new Random(seed);
        int channels = colorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        int bitsPerPixel = channels * depth;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        var raw = new MemoryStream();
        int filter = 0;

        // Pass geometry written out independently of the decoder's Adam7 table.
        (int X0, int Y0, int Dx, int Dy)[] passes = interlace == 1
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        foreach (var (x0, y0, dx, dy) in passes)
        {
            int w = width > x0 ? (width - x0 + dx - 1) / dx : 0, h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            if (w == 0 || h == 0) continue;
            int lineBytes = (w * bitsPerPixel + 7) / 8;
            var previous = new byte[lineBytes];
            for (int y = 0; y < h; y++)
            {
                var line = new byte[lineBytes];
                random.NextBytes(line);
                if ((w * bitsPerPixel) % 8 != 0) line[^1] &= (byte)(0xFF << (8 - (w * bitsPerPixel) % 8)); // tidy padding bits
                int type = filter++ % 5;
                raw.WriteByte((byte)type);
                for (int i = 0; i < lineBytes; i++)
                {
                    int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                    int predictor = type switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        _ => Paeth(a, b, c),
                    };
                    raw.WriteByte((byte)(line[i] - predictor));
                }
                previous = line;
            }
        }

        var chunks = new List<byte[]> { PngFacts.Ihdr(width, height, depth, colorType, interlace) };
        if (colorType == 3)
        {
            var plte = new byte[3 << depth];
            random.NextBytes(plte);
            chunks.Add(PngFacts.Chunk("PLTE", plte));
        }
        chunks.Add(PngFacts.Chunk("IDAT", PngFacts.Zlib(raw.ToArray())));
        chunks.Add(PngFacts.Chunk("IEND", []));
        return PngFacts.File([.. chunks]);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
