using System.Text.Json;
using System.Text.Json.Serialization;
using DigitReader.Web.Data;
using DigitReader.Web.Features.Accounts;
using DigitReader.Web.Features.Health;
using DigitReader.Web.Features.History;
using DigitReader.Web.Features.Predictions;
using DigitReader.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;

// Uploads: Kestrel's body limit and the form limits follow Uploads:MaxBytes (plus room for multipart framing).
builder.Services.Configure<UploadOptions>(configuration.GetSection(UploadOptions.Section));
long maxBody = (configuration.GetValue<long?>($"{UploadOptions.Section}:MaxBytes") ?? new UploadOptions().MaxBytes) + UploadOptions.MultipartOverhead;
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxBody);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DataDirectory>();
builder.Services.AddSingleton<ModelHost>();
builder.Services.AddAppDatabase(configuration);
builder.Services.AddScoped<RecognitionService>();
builder.Services.AddScoped<HistoryService>();
builder.Services.AddScoped<AccountService>();
builder.Services.AddScoped<ApiKeyService>();
builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
// Cookie and antiforgery keys live in the data directory, so sign-ins survive restarts.
builder.Services.AddDataProtection().SetApplicationName("DigitReader");
builder.Services.AddOptions<KeyManagementOptions>().Configure<DataDirectory>((options, data) =>
    options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(data.Path, "keys")), NullLoggerFactory.Instance));

// One default scheme that picks API-key authentication when a key is sent and the cookie otherwise,
// so [Authorize] endpoints accept either and challenge with the right one.
const string smartScheme = "CookieOrApiKey";
builder.Services.AddAuthentication(smartScheme)
    .AddPolicyScheme(smartScheme, "Cookie or API key", options => options.ForwardDefaultSelector = context =>
        ApiKeyAuthenticationHandler.ReadKey(context.Request) is null ? CookieAuthenticationDefaults.AuthenticationScheme : ApiKeyAuthenticationHandler.SchemeName)
    .AddCookie(options =>
    {
        options.LoginPath = "/Account/Login";
        options.LogoutPath = "/Account/Logout";
        options.Cookie.Name = "digitreader.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        options.SlidingExpiration = true;
        // The API answers 401/403 problem+json; only pages redirect to the log-in form.
        options.Events.OnRedirectToLogin = context => context.Request.Path.StartsWithSegments("/api")
            ? Unauthorized.WriteAsync(context.HttpContext, "Log in, or send an API key in 'Authorization: Bearer <key>' or 'X-API-Key'.")
            : RedirectAsync(context);
        options.Events.OnRedirectToAccessDenied = context => context.Request.Path.StartsWithSegments("/api")
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context.HttpContext)
            : RedirectAsync(context);
    })
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery(options => options.Cookie.Name = "digitreader.csrf");
builder.Services.AddAppRateLimiting(configuration);

builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/History");
    options.Conventions.AuthorizePage("/Account/Index");
});
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
});
builder.Services.AddOpenApi("v1");

var app = builder.Build();

app.Services.MigrateAppDatabase();
_ = app.Services.GetRequiredService<ModelHost>(); // load the model now, not on the first request

app.UseRequestLogging();
app.UseSecurityHeaders();
// The API reports failures as problem+json; pages show the friendly error page. A body over the limit
// surfaces as BadHttpRequestException(413) while the form is read, and keeps its status.
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"),
    api => api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor }));
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages =>
{
    pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", StatusCodeSelector = StatusFor });
    pages.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
});
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealthEndpoints();
app.MapPredictionEndpoints();
app.MapHistoryEndpoints();
app.MapRazorPages();

app.Run();

static int StatusFor(Exception exception) =>
    exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;

static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
{
    context.Response.Redirect(context.RedirectUri);
    return Task.CompletedTask;
}

/// <summary>The app's entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
