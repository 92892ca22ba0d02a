namespace DigitReader.Imaging.Jpeg;

/// <summary>
/// The second byte of the JPEG markers the decoder acts on (ITU T.81 Table B.1). Every marker is
/// 0xFF followed by one of these codes; all but SOI, EOI, RSTn and TEM are followed by a big-endian
/// 16-bit segment length that counts itself.
/// </summary>
internal static class JpegMarker
{
    /// <summary>Baseline DCT, Huffman (SOF0).</summary>
    public const byte Sof0 = 0xC0;
    /// <summary>Extended sequential DCT, Huffman (SOF1).</summary>
    public const byte Sof1 = 0xC1;
    /// <summary>Progressive DCT, Huffman (SOF2).</summary>
    public const byte Sof2 = 0xC2;
    /// <summary>Lossless, Huffman (SOF3).</summary>
    public const byte Sof3 = 0xC3;
    /// <summary>Define Huffman tables.</summary>
    public const byte Dht = 0xC4;
    /// <summary>Reserved for JPEG extensions (SOF-like, never produced).</summary>
    public const byte Jpg = 0xC8;
    /// <summary>Define arithmetic coding conditioning.</summary>
    public const byte Dac = 0xCC;
    /// <summary>First restart marker RST0; RST0–RST7 are 0xD0–0xD7.</summary>
    public const byte Rst0 = 0xD0;
    /// <summary>Last restart marker RST7.</summary>
    public const byte Rst7 = 0xD7;
    /// <summary>Start of image.</summary>
    public const byte Soi = 0xD8;
    /// <summary>End of image.</summary>
    public const byte Eoi = 0xD9;
    /// <summary>Start of scan.</summary>
    public const byte Sos = 0xDA;
    /// <summary>Define quantisation tables.</summary>
    public const byte Dqt = 0xDB;
    /// <summary>Define number of lines (height given after the first scan).</summary>
    public const byte Dnl = 0xDC;
    /// <summary>Define restart interval.</summary>
    public const byte Dri = 0xDD;
    /// <summary>Define hierarchical progression.</summary>
    public const byte Dhp = 0xDE;
    /// <summary>Expand reference components (hierarchical).</summary>
    public const byte Exp = 0xDF;
    /// <summary>APP0 (JFIF); APP0–APP15 are 0xE0–0xEF.</summary>
    public const byte App0 = 0xE0;
    /// <summary>APP1 (EXIF).</summary>
    public const byte App1 = 0xE1;
    /// <summary>APP14 (Adobe).</summary>
    public const byte App14 = 0xEE;
    /// <summary>Last application segment APP15.</summary>
    public const byte App15 = 0xEF;
    /// <summary>Comment.</summary>
    public const byte Com = 0xFE;
    /// <summary>Temporary private use in arithmetic coding; has no length.</summary>
    public const byte Tem = 0x01;

    /// <summary>A short human name for messages, e.g. "SOF2 (progressive)" or "0xFF23".</summary>
    public static string Describe(byte code) => code switch
    {
        Sof0 => "SOF0", Sof1 => "SOF1", Sof2 => "SOF2", Sof3 => "SOF3", Dht => "DHT", Dac => "DAC",
        >= Rst0 and <= Rst7 => $"RST{code - Rst0}",
        Soi => "SOI", Eoi => "EOI", Sos => "SOS", Dqt => "DQT", Dnl => "DNL", Dri => "DRI",
        Dhp => "DHP", Exp => "EXP", >= App0 and <= App15 => $"APP{code - App0}", Com => "COM",
        _ => $"0xFF{code:X2}",
    };
}
