using StatuutHub.Demo;

// The hub on its embedded store with the five simulated agencies and the published demo credentials.
await using var demo = await DemoHub.BuildAsync(args);
await demo.RunAsync();
