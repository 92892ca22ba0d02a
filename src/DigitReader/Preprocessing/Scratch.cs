using System.Buffers;

namespace DigitReader.Preprocessing;

/// <summary>
/// Per-call working arrays of the normaliser, rented from <see cref="ArrayPool{T}.Shared"/> and returned
/// before the call ends. A 1 MP photo needs several image-sized temporaries; allocated fresh, they land on
/// the large-object heap and each call ends up paying for a full (gen 2) collection. Rentals are per call,
/// so concurrent calls (the web app normalises many requests at once) never share an array. A rented array
/// may be longer than asked for and holds stale data unless cleared, so code sizes its loops by the image,
/// never by the array's length, and nothing rented is ever part of a result.
/// </summary>
internal static class Scratch
{
    /// <summary>An array of at least <paramref name="length"/> elements; the first <paramref name="length"/> are zero when <paramref name="clear"/>.</summary>
    public static T[] Rent<T>(int length, bool clear)
    {
        var array = ArrayPool<T>.Shared.Rent(length);
        if (clear) Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>Gives a rented array back; null is ignored, so a finally block can return whatever was rented.</summary>
    public static void Return<T>(T[]? array)
    {
        if (array is not null) ArrayPool<T>.Shared.Return(array);
    }
}
