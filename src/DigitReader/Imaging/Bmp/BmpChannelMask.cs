using System.Numerics;

namespace DigitReader.Imaging.Bmp;

/// <summary>
/// One colour channel of a 16- or 32-bit BMP, given as a bit mask (BI_BITFIELDS, or the defaults for
/// BI_RGB): the channel is the masked bits shifted down, scaled to 8 bits as ⌊v × 255 / max⌋.
/// </summary>
internal readonly struct BmpChannelMask
{
    private readonly uint _mask;
    private readonly int _shift;
    private readonly ulong _max;

    private BmpChannelMask(uint mask)
    {
        _mask = mask;
        _shift = mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
        _max = mask >> _shift;
    }

    /// <summary>Whether the mask selects any bits at all.</summary>
    public bool IsPresent => _mask != 0;

    /// <summary>Whether the mask is exactly one byte of the pixel, so no scaling is needed.</summary>
    public bool IsWholeByte => _max == 0xFF && _shift % 8 == 0;

    /// <summary>The byte index of a whole-byte channel within a little-endian pixel.</summary>
    public int ByteIndex => _shift / 8;

    /// <summary>Checks that the mask's bits are contiguous (a gap would make the value meaningless).</summary>
    /// <exception cref="ImageDecodeException">The mask has a gap.</exception>
    public static BmpChannelMask Create(uint mask, string channel)
    {
        var m = new BmpChannelMask(mask);
        if ((m._max & (m._max + 1)) != 0)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The BMP {channel} bit mask 0x{mask:X8} is not a contiguous run of bits (the file is damaged).");
        return m;
    }

    /// <summary>The channel of <paramref name="pixel"/>, 0–255; 0 for an absent channel.</summary>
    public uint Extract(uint pixel) =>
        _max == 0 ? 0 : _max == 0xFF ? (pixel & _mask) >> _shift : (uint)(((pixel & _mask) >> _shift) * 255UL / _max);
}
