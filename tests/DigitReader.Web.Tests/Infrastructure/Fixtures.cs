namespace DigitReader.Web.Tests.Infrastructure;

/// <summary>The app with default settings (rate limits raised) and its own database.</summary>
public sealed class DefaultApp : AppFactory;

/// <summary>The app with a 200 kB upload limit, so 413 can be tested with small bodies.</summary>
public sealed class SmallUploadApp() : AppFactory(new Dictionary<string, string?> { ["Uploads:MaxBytes"] = "200000" });

/// <summary>The app with tight rate limits: 3 recognitions and 3 account attempts a minute.</summary>
public sealed class TightRateLimitApp() : AppFactory(new Dictionary<string, string?>
{
    ["RateLimits:Recognition:PermitLimit"] = "3",
    ["RateLimits:Recognition:WindowSeconds"] = "60",
    ["RateLimits:Accounts:PermitLimit"] = "3",
    ["RateLimits:Accounts:WindowSeconds"] = "60",
});
