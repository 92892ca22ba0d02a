namespace DigitReader.Imaging.Jpeg;

/// <summary>The colour space of a frame's components, decided from the component count, JFIF APP0, Adobe APP14 and component identifiers.</summary>
internal enum JpegColorSpace
{
    /// <summary>One component, luma.</summary>
    Gray,
    /// <summary>Three components, YCbCr as in JFIF 1.02 (full range, ITU-R BT.601 weights).</summary>
    YCbCr,
    /// <summary>Three components stored as R, G, B (Adobe transform 0, or identifiers 'R','G','B').</summary>
    Rgb,
    /// <summary>Four components C, M, Y, K.</summary>
    Cmyk,
    /// <summary>Four components: YCbCr-coded C, M, Y plus K (Adobe transform 2).</summary>
    Ycck,
}
