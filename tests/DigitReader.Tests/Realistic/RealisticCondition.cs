namespace DigitReader.Tests.Realistic;

/// <summary>One way a real photo or scan differs from an MNIST image; the generator applies one at a time.</summary>
public enum RealisticCondition
{
    /// <summary>Dark ink on white paper, digit 100–600 px tall on an 800×600 to 1600×1200 page, near the centre.</summary>
    Clean,
    /// <summary>As <see cref="Clean"/>, anywhere on the page.</summary>
    OffCentre,
    /// <summary>Yellowish paper.</summary>
    YellowPaper,
    /// <summary>Blue ballpoint ink.</summary>
    BlueInk,
    /// <summary>Faint grey pencil with grain.</summary>
    Pencil,
    /// <summary>A fine pen: strokes much thinner than MNIST's.</summary>
    FinePen,
    /// <summary>Thick felt marker.</summary>
    Marker,
    /// <summary>Blue or grey ruled lines (and sometimes a red margin line), some crossing the digit.</summary>
    RuledLines,
    /// <summary>A gradient, vignette, soft shadow edge or a dark band along one side.</summary>
    Shadow,
    /// <summary>Gaussian sensor noise, σ 6–18 per channel.</summary>
    Noise,
    /// <summary>Rotation up to ±12°, shear, aspect change and a perspective-like taper.</summary>
    RotationSkew,
    /// <summary>JPEG compression at quality 40–90.</summary>
    Jpeg,
    /// <summary>A canvas export: ink on a transparent background (PNG with alpha).</summary>
    TransparentPng,
    /// <summary>Chalk-white strokes on a dark board.</summary>
    Chalk,
    /// <summary>A digit 40–80 px tall on a 1600×1200 page.</summary>
    SmallDigit,
    /// <summary>Dust and specks scattered over the page, some near the digit.</summary>
    Specks,
    /// <summary>
    /// A sheet of paper (rotated up to ±15°, 1.6–3 digit heights a side, sometimes leaving the frame) on a
    /// wooden, grey or dark desk that shows around it.
    /// </summary>
    OnDesk,
}
