using Microsoft.Extensions.Configuration;
using StatuutHub.Demo;

// The hub on its embedded store with the five simulated agencies and the published demo credentials.
// --Simulator:Mode=only runs the agencies alone (the scale-out demo: ops/scale-out.sh), posting decisions to --Simulator:HubUrls.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = DemoHub.Options(configuration);
if (options.Mode == "only")
{
    await using var agencies = await DemoHub.StartAgenciesAsync(options);
    agencies.HubBaseUrls = options.HubUrls;
    Console.WriteLine($"Simulated agencies at {string.Join(", ", agencies.Agencies.Select(a => a.BaseUrl))}; decisions to {string.Join(", ", options.HubUrls)}. Ctrl-C stops.");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.TrySetResult();
    };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
    await stop.Task;
    return;
}

await using var demo = await DemoHub.BuildAsync(args);
await demo.RunAsync();
