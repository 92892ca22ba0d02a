using Xunit;
using System.Buffers.Binary;

namespace DigitReader.Tests.Imaging.Support;

internal static class BmpFacts
{
    /// <summary>Asserts the bit count and DIB header size ImageMagick actually wrote.</summary>
    public static void Expect(byte[] bmp, int bitCount, int headerSize) =>
        Assert.Equal((bitCount, headerSize), (BinaryPrimitives.ReadUInt16LittleEndian(bmp.AsSpan(28)), BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(14))));
}
