namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Walks the blocks of one scan in coding order (ITU T.81 A.2): MCU by MCU for an interleaved scan,
/// block by block over the component's own grid for a non-interleaved one; handles restart intervals
/// (DRI, RSTn) and checks at every MCU row that the data has not run out.
/// </summary>
internal static class ScanReader
{
    /// <summary>
    /// Decodes the entropy-coded segment starting at <paramref name="start"/> and returns the position of
    /// the marker that follows it (or the file length).
    /// </summary>
    /// <param name="data">The whole file.</param>
    /// <param name="start">Position of the first entropy-coded byte, just after the SOS segment.</param>
    /// <param name="frame">The frame, for the MCU grid.</param>
    /// <param name="scan">The scan's header.</param>
    /// <param name="restartInterval">MCUs per restart interval, 0 for none.</param>
    /// <param name="decoder">Decodes each block; kept between calls for DC predictions and EOB runs.</param>
    /// <exception cref="ImageDecodeException">Truncated or corrupt data.</exception>
    public static int Read<T>(ReadOnlySpan<byte> data, int start, JpegFrame frame, JpegScan scan,
        int restartInterval, ref T decoder) where T : struct, IBlockDecoder
    {
        var reader = new JpegBitReader(data, start);
        string where = $"of scan {scan.Number}";
        int untilRestart = restartInterval, restartNumber = 0;
        var components = scan.Components;

        if (components.Length == 1)
        {
            var c = components[0];
            for (int by = 0; by < c.BlocksHigh; by++)
            {
                for (int bx = 0; bx < c.BlocksWide; bx++)
                {
                    if (restartInterval > 0 && untilRestart-- == 0)
                    {
                        NextInterval(ref reader, ref decoder, where, ref restartNumber);
                        untilRestart = restartInterval - 1;
                    }
                    decoder.DecodeBlock(ref reader, c, bx, by);
                }
                reader.ThrowIfOverran(where);
            }
        }
        else
        {
            for (int my = 0; my < frame.McusPerColumn; my++)
            {
                for (int mx = 0; mx < frame.McusPerLine; mx++)
                {
                    if (restartInterval > 0 && untilRestart-- == 0)
                    {
                        NextInterval(ref reader, ref decoder, where, ref restartNumber);
                        untilRestart = restartInterval - 1;
                    }
                    foreach (var c in components)
                    {
                        int h = c.HorizontalFactor, v = c.VerticalFactor;
                        for (int y = 0; y < v; y++)
                        for (int x = 0; x < h; x++)
                            decoder.DecodeBlock(ref reader, c, mx * h + x, my * v + y);
                    }
                }
                reader.ThrowIfOverran(where);
            }
        }
        return reader.SkipToMarker();
    }

    private static void NextInterval<T>(ref JpegBitReader reader, ref T decoder, string where, ref int number)
        where T : struct, IBlockDecoder
    {
        reader.ThrowIfOverran(where);
        reader.ReadRestartMarker(number);
        number = (number + 1) & 7;
        decoder.Restart();
    }
}
