using Microsoft.Extensions.Options;

namespace StatuutHub.Broker;

/// <summary>Checks at start-up that an enabled broker can be reached and authenticated as configured.</summary>
public sealed class BrokerOptionsValidator : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host) && (options.Flavour == BrokerFlavour.Local || string.IsNullOrWhiteSpace(options.ConnectionString)))
        {
            failures.Add(options.Flavour == BrokerFlavour.Local
                ? "Broker:Host is required when Broker:Enabled is true."
                : "Broker:ConnectionString or Broker:Host is required for Azure Service Bus.");
        }

        if (options.Flavour == BrokerFlavour.ServiceBus && string.IsNullOrWhiteSpace(options.SasKeyName) != string.IsNullOrWhiteSpace(options.SasKey))
        {
            failures.Add("Broker:SasKeyName and Broker:SasKey go together (a shared access policy).");
        }

        if (options.Flavour == BrokerFlavour.Local && string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Broker:UserName and Broker:Password go together (SASL PLAIN).");
        }

        foreach (var (agency, key) in options.DecisionKeys)
        {
            if (key.Length < 16)
            {
                failures.Add($"Broker:DecisionKeys:{agency} is shorter than 16 characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
