using StatuutHub.Host.Hosting;

// The table of contents lives in HubApplication so the tests start exactly this host.
await using var hub = await HubApplication.BuildAsync(args);
await hub.RunAsync();
