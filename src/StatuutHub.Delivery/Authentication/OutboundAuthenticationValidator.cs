using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Delivery.Authentication;

/// <summary>Checks each destination's <c>Authentication</c> at start-up: complete, loadable, and — outside Development — present.</summary>
public sealed class OutboundAuthenticationValidator(IHostEnvironment environment) : IValidateOptions<DestinationOptions>
{
    public ValidateOptionsResult Validate(string? name, DestinationOptions options)
    {
        var problems = options.Authentication.Problems(name ?? "?", environment.IsDevelopment()).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
