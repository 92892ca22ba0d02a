using System.Net;
using DigitReader.Web.Tests.Infrastructure;

namespace DigitReader.Web.Tests.Api;

/// <summary>POST /api/v1/predictions with real MNIST digits and with every kind of bad input.</summary>
public sealed class PredictionApiTests(DefaultApp app) : IClassFixture<DefaultApp>
{
    [Fact]
    public async Task Multipart_file_part_recognises_real_mnist_digits()
    {
        var client = app.CreateClient();
        int right = 0;
        const int count = 20;
        for (int i = 0; i < count; i++)
        {
            var response = await ApiClient.PostFileAsync(client, TestImages.MnistPng(i), $"mnist-{i}.png");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await ApiClient.JsonAsync(response);
            if (json.GetProperty("digit").GetInt32() == TestImages.MnistLabel(i)) right++;
        }
        // The bundled model scores ~99 % on MNIST; 18 of the first 20 leaves room for one or two hard ones.
        Assert.True(right >= 18, $"Only {right} of {count} MNIST test digits were recognised correctly.");
    }

    [Fact]
    public async Task Response_has_the_documented_fields()
    {
        var client = app.CreateClient();
        int index = TestImages.FirstMnistIndexOf(7);
        var response = await ApiClient.PostFileAsync(client, TestImages.MnistPng(index), "seven.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ApiClient.JsonAsync(response);
        Assert.Equal(7, json.GetProperty("digit").GetInt32());
        var probabilities = json.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        Assert.Equal(10, probabilities.Length);
        Assert.InRange(probabilities.Sum(), 0.99f, 1.01f);
        Assert.Equal(probabilities.Max(), json.GetProperty("confidence").GetSingle(), 5);
        int runnerUp = json.GetProperty("runner_up").GetInt32();
        Assert.Equal(probabilities.Select((p, d) => (p, d)).Where(x => x.d != 7).MaxBy(x => x.p).d, runnerUp);
        float confidence = json.GetProperty("confidence").GetSingle();
        bool expectedUncertain = confidence < 0.80f || confidence - probabilities[runnerUp] < 0.25f;
        Assert.Equal(expectedUncertain, json.GetProperty("uncertain").GetBoolean());
        var timings = json.GetProperty("timings_ms");
        foreach (string stage in new[] { "decode", "preprocess", "inference" }) Assert.True(timings.GetProperty(stage).GetDouble() >= 0);
        Assert.Equal("Png", json.GetProperty("format").GetString());
        Assert.Equal(224, json.GetProperty("width").GetInt32());
        Assert.Equal(224, json.GetProperty("height").GetInt32());
        Assert.Equal(64, json.GetProperty("sha256").GetString()!.Length);
        Assert.False(json.TryGetProperty("id", out _), "An anonymous result must not be stored");
        Assert.False(json.TryGetProperty("normalised_png", out _));
    }

    [Fact]
    public async Task Include_normalised_returns_a_28_by_28_png()
    {
        var response = await ApiClient.PostFileAsync(app.CreateClient(), TestImages.MnistPng(1), query: "?include=normalised");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var png = Convert.FromBase64String((await ApiClient.JsonAsync(response)).GetProperty("normalised_png").GetString()!);
        var decoded = DigitReader.Imaging.ImageDecoder.DecodeGray(png);
        Assert.Equal((28, 28), (decoded.Width, decoded.Height));
        Assert.Contains(decoded.Pixels, p => p > 128); // ink is bright in the network's input
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/octet-stream")]
    [InlineData("application/x-www-form-urlencoded")] // what curl --data-binary sends by default
    public async Task Raw_body_of_any_non_multipart_type_is_accepted(string contentType)
    {
        int index = TestImages.FirstMnistIndexOf(3);
        var response = await ApiClient.PostRawAsync(app.CreateClient(), TestImages.MnistPng(index), contentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await ApiClient.JsonAsync(response)).GetProperty("digit").GetInt32());
    }

    [Fact]
    public async Task A_single_file_part_under_another_name_is_accepted()
    {
        int index = TestImages.FirstMnistIndexOf(2);
        var response = await ApiClient.PostFileAsync(app.CreateClient(), TestImages.MnistPng(index), partName: "image");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await ApiClient.JsonAsync(response)).GetProperty("digit").GetInt32());
    }

    [Fact]
    public async Task Pgm_is_recognised_and_reported_as_netpbm()
    {
        int index = TestImages.FirstMnistIndexOf(4);
        var response = await ApiClient.PostRawAsync(app.CreateClient(), TestImages.MnistPgm(index), "image/x-portable-graymap");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ApiClient.JsonAsync(response);
        Assert.Equal(4, json.GetProperty("digit").GetInt32());
        Assert.Equal("Netpbm", json.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Missing_file_is_400()
    {
        var client = app.CreateClient();
        await ApiClient.AssertProblemAsync(await ApiClient.PostRawAsync(client, [], "application/octet-stream"), 400);
        var noFile = new MultipartFormDataContent { { new StringContent("hello"), "comment" } };
        await ApiClient.AssertProblemAsync(await client.PostAsync("/api/v1/predictions", noFile), 400);
    }

    [Fact]
    public async Task Two_file_parts_without_one_named_file_is_400()
    {
        var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.MnistPng(0)), "a", "a.png" },
            { new ByteArrayContent(TestImages.MnistPng(1)), "b", "b.png" },
        };
        var problem = await ApiClient.AssertProblemAsync(await app.CreateClient().PostAsync("/api/v1/predictions", content), 400);
        Assert.Contains("batch", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("?include=everything")]
    [InlineData("?save=perhaps")]
    public async Task Bad_query_field_is_400(string query) =>
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), TestImages.MnistPng(0), query: query), 400);

    [Fact]
    public async Task Gif_is_415_and_names_the_supported_formats()
    {
        var problem = await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), TestImages.Gif(), "anim.gif"), 415);
        Assert.Contains("GIF", problem.GetProperty("detail").GetString());
        Assert.Contains("PNG, JPEG, BMP, PGM/PPM", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Text_file_is_415() =>
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), TestImages.Text(), "notes.txt"), 415);

    [Fact]
    public async Task Truncated_png_is_422() =>
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), TestImages.TruncatedPng(), "cut.png"), 422);

    [Fact]
    public async Task Empty_file_part_is_422() =>
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), [], "empty.png"), 422);

    [Fact]
    public async Task Blank_page_is_422_no_digit()
    {
        var problem = await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), TestImages.BlankPng(), "blank.png"), 422);
        Assert.Equal("No digit found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Image_declaring_too_many_pixels_is_413() =>
        await ApiClient.AssertProblemAsync(await ApiClient.PostFileAsync(app.CreateClient(), TestImages.HugeDeclaredPng(), "huge.png"), 413);

    [Fact]
    public async Task Batch_answers_each_file_in_order()
    {
        int seven = TestImages.FirstMnistIndexOf(7), zero = TestImages.FirstMnistIndexOf(0);
        var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.MnistPng(seven)), "files", "seven.png" },
            { new ByteArrayContent(TestImages.Gif()), "files", "anim.gif" },
            { new ByteArrayContent(TestImages.MnistPng(zero)), "files", "zero.png" },
            { new ByteArrayContent(TestImages.BlankPng()), "files", "blank.png" },
        };
        var response = await app.CreateClient().PostAsync("/api/v1/predictions/batch", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await ApiClient.JsonAsync(response)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(4, items.Length);
        Assert.Equal([0, 1, 2, 3], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal(["seven.png", "anim.gif", "zero.png", "blank.png"], items.Select(i => i.GetProperty("file_name").GetString()));
        Assert.Equal([200, 415, 200, 422], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal(7, items[0].GetProperty("result").GetProperty("digit").GetInt32());
        Assert.Equal(0, items[2].GetProperty("result").GetProperty("digit").GetInt32());
        Assert.Equal(415, items[1].GetProperty("error").GetProperty("status").GetInt32());
        Assert.False(items[1].TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Batch_without_files_is_400() =>
        await ApiClient.AssertProblemAsync(await app.CreateClient().PostAsync("/api/v1/predictions/batch",
            new MultipartFormDataContent { { new StringContent("x"), "note" } }), 400);
}
