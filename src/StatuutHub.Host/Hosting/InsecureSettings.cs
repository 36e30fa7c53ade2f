using System.Text;
using Microsoft.Extensions.Options;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Hosting;

/// <summary>Settings that do for the demo and a test bed but put participants at risk with real data: an agency or its token
/// endpoint over plain HTTP (the INSZ and the bearer token travel readable, to whoever holds that address), a broker without TLS,
/// a data-protection key ring persisted without a certificate to encrypt it, and a secret published for the demo (they all start with <c>DEMO-ONLY-</c>, also base64-encoded). Outside Development the hub
/// does not start with any of them (each named, beside the other problems of <c>Security</c>), unless <c>Security:AllowInsecureTransport</c>
/// is true — set on purpose for a test bed or a closed network — and then each one is logged as a warning at every start.</summary>
public sealed class InsecureSettings(IConfiguration configuration, IHostEnvironment environment, ILogger<InsecureSettings> logger) : IValidateOptions<SecurityOptions>
{
    private const string DemoPrefix = "DEMO-ONLY-";

    /// <summary>Fails the start outside Development with every finding, or logs them when <see cref="SecurityOptions.AllowInsecureTransport"/> is on.</summary>
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var findings = Find(configuration);
        if (findings.Count == 0 || environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        if (!options.AllowInsecureTransport)
        {
            return ValidateOptionsResult.Fail(findings.Select(f =>
                $"{f} (onveilig buiten Development, omgeving '{environment.EnvironmentName}' / unsafe outside Development; for a test bed: Security:AllowInsecureTransport=true)"));
        }

        foreach (var finding in findings)
        {
            logger.LogWarning("Security:AllowInsecureTransport is on: {Finding}", finding);
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>Every unsafe setting, named by its configuration key.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var findings = new List<string>();
        foreach (var destination in configuration.GetSection("Destinations").GetChildren())
        {
            foreach (var key in new[] { "BaseUrl", "Authentication:TokenEndpoint" })
            {
                if (Uri.TryCreate(destination[key], UriKind.Absolute, out var address) && address.Scheme != Uri.UriSchemeHttps)
                {
                    findings.Add($"{destination.Path}:{key} is {address.Scheme}, not https: the agency's messages (INSZ, token) would travel readable.");
                }
            }
        }

        if (configuration["Security:DataProtectionKeysDirectory"] is { Length: > 0 } && string.IsNullOrEmpty(configuration["Security:DataProtectionCertificatePath"]))
        {
            findings.Add("Security:DataProtectionKeysDirectory keeps the key ring (which signs sessions and anti-forgery tokens) in clear: set Security:DataProtectionCertificatePath.");
        }

        var broker = configuration.GetSection("Broker");
        var serviceBus = string.Equals(broker["Flavour"], "ServiceBus", StringComparison.OrdinalIgnoreCase);
        if (broker.GetValue("Enabled", false) && !broker.GetValue("UseTls", false) && !serviceBus)
        {
            findings.Add("Broker:UseTls is off: messages on the broker would travel readable.");
        }

        if (broker.GetValue("Enabled", false) && serviceBus && broker["ConnectionString"]?.Contains("UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase) == true)
        {
            findings.Add("Broker:ConnectionString has UseDevelopmentEmulator=true: Service Bus's client then speaks plain AMQP, and messages would travel readable.");
        }

        findings.AddRange(configuration.AsEnumerable()
            .Where(setting => setting.Value is { } value && IsDemoSecret(value))
            .Select(setting => $"{setting.Key} is a secret published for the demo (DEMO-ONLY-…): anyone can read it in README.md and the source.")
            .Order(StringComparer.Ordinal));
        return findings;
    }

    private static bool IsDemoSecret(string value)
    {
        if (value.StartsWith(DemoPrefix, StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length) && Encoding.ASCII.GetString(bytes, 0, length).StartsWith(DemoPrefix, StringComparison.Ordinal);
    }
}
