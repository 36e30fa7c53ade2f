using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace StatuutHub.Host.Proxy;

/// <summary>The <c>Proxy</c> section. Off by default: an <c>X-Forwarded-*</c> header from an untrusted caller must never
/// change the scheme, host or address the hub sees.</summary>
public sealed class ProxyOptions
{
    /// <summary>Honour <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> from the trusted proxies.</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of the trusted proxies (loopback is always trusted).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies, in CIDR form (<c>10.0.0.0/8</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Host names a forwarded <c>Host</c> may carry (empty: any).</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How many proxies in a row are trusted.</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>Behind a TLS proxy the WSDL must advertise the public <c>https://</c> address, the staff cookie must be
/// <c>Secure</c>, and the rate limiter must partition anonymous callers by their own address, not the proxy's.</summary>
public static class TrustedProxies
{
    public static void AddStatuutHubProxies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection("Proxy")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            var p = proxy.Value;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = p.ForwardLimit;
            p.KnownProxies.ForEach(a => forwarded.KnownProxies.Add(IPAddress.Parse(a)));
            p.KnownNetworks.ForEach(n => forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n)));
            p.AllowedHosts.ForEach(forwarded.AllowedHosts.Add);
        });
    }

    /// <summary>First in the pipeline, so everything after it (errors, security, the endpoints) sees the caller as the proxy reported it.</summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }
    }
}

/// <summary>Refuses an address or network that does not parse, with the key named.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var failures = options.KnownProxies.Where(a => !IPAddress.TryParse(a, out _)).Select(a => $"Proxy:KnownProxies: '{a}' is not an IP address.")
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"Proxy:KnownNetworks: '{n}' is not a network in CIDR form (10.0.0.0/8)."))
            .ToList();
        if (options.ForwardLimit < 1)
        {
            failures.Add("Proxy:ForwardLimit must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
