using DigitReader.Training;

namespace DigitReader.Tests.Training;

public class RandomStrokeWidthTests
{
    /// <summary>A 28 × 28 vertical bar, 3 pixels wide, rows 6–21: an MNIST-like "1".</summary>
    private static float[] Bar()
    {
        var image = new float[784];
        for (int y = 6; y < 22; y++)
        for (int x = 12; x < 15; x++) image[y * 28 + x] = 1f;
        return image;
    }

    private static int InkColumns(float[] image, int row) => Enumerable.Range(0, 28).Count(x => image[row * 28 + x] > 0.5f);

    [Fact]
    public void Full_thickening_widens_a_stroke_by_one_pixel_each_side()
    {
        var image = Bar();
        var always = new RandomStrokeWidth { ThickenProbability = 1f };
        // amount is the second draw; find a seed whose amount is above 0.5 so dilated pixels cross 0.5.
        int seed = Enumerable.Range(0, 100).First(s => { var r = new Random(s); r.NextDouble(); return r.NextSingle() > 0.6f; });
        always.Apply(image, new float[784], 28, new Random(seed));
        Assert.Equal(5, InkColumns(image, 14));
        Assert.True(image.Sum() > Bar().Sum());
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void A_wide_thickening_widens_a_stroke_by_two_pixels_each_side()
    {
        var image = Bar();
        var wide = new RandomStrokeWidth { ThickenProbability = 1f, WideProbability = 1f };
        int seed = Enumerable.Range(0, 100).First(s => { var r = new Random(s); r.NextDouble(); return r.NextSingle() > 0.6f; });
        wide.Apply(image, new float[784], 28, new Random(seed));
        Assert.Equal(7, InkColumns(image, 14));
        Assert.Equal(20, Enumerable.Range(0, 28).Count(y => image[y * 28 + 13] > 0.5f)); // rows 4–23
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Without_wide_strokes_no_extra_random_number_is_drawn()
    {
        // The default recipe's images, and so its trained weights, must not change with the new option.
        for (int seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            new RandomStrokeWidth { ThickenProbability = 1f }.Apply(Bar(), new float[784], 28, random);
            var reference = new Random(seed);
            reference.NextDouble();
            reference.NextSingle();
            Assert.Equal(reference.Next(), random.Next());
        }
    }

    [Fact]
    public void Thinning_removes_ink_but_never_adds_it()
    {
        var image = Bar();
        new RandomStrokeWidth { ThickenProbability = 0f, ThinProbability = 1f }.Apply(image, new float[784], 28, new Random(3));
        var original = Bar();
        for (int i = 0; i < 784; i++) Assert.True(image[i] <= original[i]);
        Assert.True(image.Sum() < original.Sum());
        Assert.Equal(1f, image[14 * 28 + 13]); // the middle of a 3-pixel stroke survives a 3 × 3 erosion
    }

    [Fact]
    public void With_zero_probabilities_the_image_is_untouched()
    {
        var image = Bar();
        new RandomStrokeWidth { ThickenProbability = 0f, ThinProbability = 0f }.Apply(image, new float[784], 28, new Random(5));
        Assert.Equal(Bar(), image);
    }

    [Fact]
    public void The_same_seed_gives_the_same_image_and_the_defaults_vary_the_width()
    {
        var augment = new RandomStrokeWidth();
        var sums = new HashSet<float>();
        for (int seed = 0; seed < 40; seed++)
        {
            var a = Bar(); var b = Bar();
            augment.Apply(a, new float[784], 28, new Random(seed));
            augment.Apply(b, new float[784], 28, new Random(seed));
            Assert.Equal(a, b);
            sums.Add(MathF.Round(a.Sum(), 3));
        }
        Assert.Contains(Bar().Sum(), sums); // about half the images are left alone
        Assert.Contains(sums, s => s > Bar().Sum());
        Assert.Contains(sums, s => s < Bar().Sum());
    }

    [Fact]
    public void Short_spans_are_refused()
    {
        Action act = () => new RandomStrokeWidth().Apply(new float[10], new float[784], 28, new Random(1));
        Assert.Throws<ArgumentException>(act);
    }
}
