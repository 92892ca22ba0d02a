namespace DigitReader.Imaging;

/// <summary>The image formats the decoders read, detected from magic bytes, never from a file name.</summary>
public enum ImageFormat
{
    /// <summary>PNG (ISO/IEC 15948, W3C PNG Specification), signature 89 50 4E 47 0D 0A 1A 0A.</summary>
    Png,
    /// <summary>JPEG (ITU T.81) in JFIF or EXIF, starting with SOI FF D8 FF.</summary>
    Jpeg,
    /// <summary>Windows BMP, starting with "BM".</summary>
    Bmp,
    /// <summary>Netpbm PBM/PGM/PPM (P1–P6), plain and raw.</summary>
    Netpbm,
}
