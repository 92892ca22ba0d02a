using System.Numerics;

namespace DigitReader.Imaging.Bmp;

/// <summary>
/// One colour channel of a 16- or 32-bit BMP, given as a bit mask (BI_BITFIELDS, or the defaults for
/// BI_RGB): the channel is the masked bits shifted down, widened to 8 bits by bit replication (a 5-bit
/// <c>abcde</c> becomes <c>abcdeabc</c>), as ImageMagick 6 does; channels wider than 8 bits keep their top 8.
/// </summary>
internal readonly struct BmpChannelMask
{
    private readonly uint _mask;
    private readonly int _shift;
    private readonly int _bits;
    private readonly byte[]? _widen; // for channels narrower than 8 bits: value → 8-bit value

    private BmpChannelMask(uint mask)
    {
        _mask = mask;
        _shift = mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
        _bits = BitOperations.PopCount(mask);
        if (_bits is > 0 and < 8)
        {
            _widen = new byte[1 << _bits];
            for (int v = 0; v < _widen.Length; v++)
            {
                int x = 0;
                for (int position = 8 - _bits; position > -_bits; position -= _bits)
                    x |= position >= 0 ? v << position : v >> -position;
                _widen[v] = (byte)x;
            }
        }
    }

    /// <summary>Whether the mask selects any bits at all.</summary>
    public bool IsPresent => _mask != 0;

    /// <summary>Whether the mask is exactly one byte of the pixel, so no scaling is needed.</summary>
    public bool IsWholeByte => _bits == 8 && _shift % 8 == 0;

    /// <summary>The byte index of a whole-byte channel within a little-endian pixel.</summary>
    public int ByteIndex => _shift / 8;

    /// <summary>Checks that the mask's bits are contiguous (a gap would make the value meaningless).</summary>
    /// <exception cref="ImageDecodeException">The mask has a gap.</exception>
    public static BmpChannelMask Create(uint mask, string channel)
    {
        uint run = mask == 0 ? 0 : mask >> BitOperations.TrailingZeroCount(mask);
        if ((run & (run + 1)) != 0)
            throw new ImageDecodeException(DecodeErrorReason.Corrupt,
                $"The BMP {channel} bit mask 0x{mask:X8} is not a contiguous run of bits (the file is damaged).");
        return new BmpChannelMask(mask);
    }

    /// <summary>The channel of <paramref name="pixel"/>, 0–255; 0 for an absent channel.</summary>
    public uint Extract(uint pixel)
    {
        uint v = (pixel & _mask) >> _shift;
        return _widen is not null ? _widen[v] : _bits >= 8 ? v >> (_bits - 8) : 0;
    }
}
