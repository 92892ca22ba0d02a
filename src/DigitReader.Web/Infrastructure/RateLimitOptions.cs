namespace DigitReader.Web.Infrastructure;

/// <summary>One fixed-window limit: <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/> per client IP.</summary>
public sealed class RateLimit
{
    /// <summary>Requests allowed per window.</summary>
    public int PermitLimit { get; set; }

    /// <summary>Window length, seconds.</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Per-IP limits, bound from the <c>RateLimits</c> configuration section.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "RateLimits";

    /// <summary>Recognition requests (API and the Recognise form); default 120 a minute.</summary>
    public RateLimit Recognition { get; set; } = new() { PermitLimit = 120 };

    /// <summary>Log-in and registration attempts; default 10 a minute.</summary>
    public RateLimit Accounts { get; set; } = new() { PermitLimit = 10 };
}
