namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// Decodes one 8×8 block of a scan; implemented by structs so <see cref="ScanReader"/> is specialised
/// per kind of scan and the per-block call is direct.
/// </summary>
internal interface IBlockDecoder
{
    /// <summary>Decodes the block at block column <paramref name="blockX"/>, block row <paramref name="blockY"/> of <paramref name="component"/>.</summary>
    void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int blockX, int blockY);

    /// <summary>Resets DC predictions and the end-of-band run at a restart marker (T.81 F.2.1.3.1, G.1.2.2).</summary>
    void Restart();
}
