using Microsoft.Extensions.Options;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Host.Hosting;

/// <summary>The keys that seal personal data at rest (<c>Storage:PersonalData</c>), checked before the store opens: without them
/// the hub does not start, except in demo mode, which uses published demo keys (its data is not real).</summary>
public static class PersonalDataKeys
{
    /// <summary>The demo's keys, published like the other demo secrets.</summary>
    public static PersonalDataOptions Demo() => new()
    {
        Keys = { ["demo1"] = Convert.ToBase64String("DEMO-ONLY-personal-data-key-0001"u8) },
        CurrentKey = "demo1",
        LookupKey = Convert.ToBase64String("DEMO-ONLY-insz-lookup-key-000001"u8),
    };

    /// <summary>The protector the configuration describes.</summary>
    /// <exception cref="OptionsValidationException">The keys are missing or malformed.</exception>
    public static PersonalDataProtector Resolve(IConfiguration configuration)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        if (options.IsEmpty && configuration.GetValue("Security:DemoCredentials", false))
        {
            options = Demo();
        }

        var (protector, problems) = options.Build();
        return protector ?? throw new OptionsValidationException(PersonalDataOptions.Section, typeof(PersonalDataOptions),
            ["Persoonsgegevens worden versleuteld opgeslagen; configureer de sleutels. / Personal data is stored encrypted; configure its keys:", .. problems]);
    }
}
