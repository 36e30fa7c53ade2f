using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatuutHub.Adapters.Dimona;
using StatuutHub.Adapters.Mutualiteit;
using StatuutHub.Adapters.Vdab;
using StatuutHub.Adapters.Ocmw;
using StatuutHub.Adapters.Rva;
using StatuutHub.Application;
using StatuutHub.Delivery.Dispatch;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Delivery.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Errors;
using StatuutHub.Host.Health;
using StatuutHub.Host.Proxy;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Postgres;
using StatuutHub.Storage.Sqlite;
using StatuutHub.Validation;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Host.Hosting;

/// <summary>Registers the hub's parts; each method is one concern.</summary>
public static class HubServices
{
    private static readonly DestinationKind[] Kinds = Enum.GetValues<DestinationKind>();

    /// <summary>Validation, storage, delivery, the application's use cases, telemetry and security.</summary>
    public static async Task AddStatuutHubAsync(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddStatuutHubErrors();
        builder.AddStatuutHubHealth();
        builder.AddStatuutHubProxies();
        builder.AddStatuutHubApiDescription();
        builder.Services.AddAntiforgery();
        builder.Services.AddRazorComponents(); // the pages are Razor components rendered on the server, without a circuit or a script
        await builder.AddStatuutHubValidationAsync();
        builder.AddStatuutHubStorage();
        builder.AddStatuutHubDelivery();
        StatuutHub.Host.Broker.BrokerServices.AddStatuutHubBroker(builder);
        builder.Services.AddSingleton<StatuutHub.Host.Receipts.ReceiptSigner>();
        builder.Services.AddSingleton<StatuutHub.Host.Acks.DecisionIntake>();
        builder.Services.AddSingleton<StatuutHub.Host.Portal.UploadSlots>();
        builder.Services.AddStatuutHubApplication();
        StatuutHub.Host.Callbacks.CallbackApi.AddStatuutHubCallbacks(builder);
        StatuutHub.Host.Alerts.AlertPages.AddStatuutHubAlerts(builder);
        StatuutHub.Host.Inbox.InboxServices.AddStatuutHubInbox(builder);
        builder.AddStatuutHubTelemetry();
        builder.AddStatuutHubSecurity();
    }

    /// <summary>Metrics at <c>/metrics</c> (Prometheus text) and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces
    /// exported over OTLP: the hub's own meter and spans, ASP.NET Core and HttpClient.</summary>
    public static void AddStatuutHubTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddOptions<GaugeOptions>().Bind(builder.Configuration.GetSection("Telemetry")).ValidateDataAnnotations().ValidateOnStart();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("statuuthub"))
            .WithMetrics(metrics => metrics
                .AddMeter(HubTelemetry.Name)
                // The framework's meters named one by one: requests in (duration by route and status), Kestrel's connections, unhandled
                // exceptions, requests out to the agencies (duration by host and status). Routing, rate limiting, authentication and
                // authorization also measure every request, as do the in-flight counts below: nothing here reads them, and their updates
                // were about 1.5 % of a busy hub's CPU (docs/performance.md).
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics", "System.Net.Http")
                .AddView("http.server.active_requests", MetricStreamConfiguration.Drop)
                .AddView("http.client.active_requests", MetricStreamConfiguration.Drop)
                .AddView("http.client.open_connections", MetricStreamConfiguration.Drop)
                .AddView("http.client.request.time_in_queue", MetricStreamConfiguration.Drop)
                .AddPrometheusExporter());
        // Spans are recorded only when someone receives them: a span for every request and every send, kept for no
        // exporter, cost CPU on every delivery. Without an exporter no trace context is stored with the deliveries either.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddSource(HubTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter());
        }
    }

    /// <summary>The attest validator: schemas compiled once, rule tables from the built-in file or <c>Rules:Path</c>,
    /// the municipalities from the built-in list or <c>Rules:MunicipalitiesPath</c>.</summary>
    public static async Task AddStatuutHubValidationAsync(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Intake").Get<IntakeLimits>() ?? new IntakeLimits();
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(limits, new(limits), validateAllProperties: true);
        builder.Services.AddSingleton(limits);
        var rulesPath = builder.Configuration["Rules:Path"];
        var municipalitiesPath = builder.Configuration["Rules:MunicipalitiesPath"];
        StatuutHub.Domain.Geography.MunicipalityRegister? municipalities = null;
        if (!string.IsNullOrEmpty(municipalitiesPath))
        {
            await using var list = File.OpenRead(municipalitiesPath);
            municipalities = MunicipalitiesCsv.Load(list);
        }

        StatuutHub.Domain.Rules.RuleTables tables;
        if (string.IsNullOrEmpty(rulesPath))
        {
            tables = RuleTablesJson.LoadDefault(municipalities);
        }
        else
        {
            await using var file = File.OpenRead(rulesPath);
            tables = RuleTablesJson.Load(file, municipalities);
        }

        builder.Services.AddSingleton(tables);
        builder.Services.AddSingleton(ProvincesJson.LoadDefault());
        var calendar = new StatuutHub.Domain.Calendar.WorkingDayCalendar(tables.PublicHolidays);
        builder.Services.AddSingleton(calendar);
        builder.Services.AddSingleton(new StatuutHub.Domain.Calendar.SubmissionDeadlines(tables.SubmissionDeadlines, calendar));
        builder.Services.AddSingleton(await AttestSchemas.LoadAsync(limits));
        // The validator reads "today" from whichever TimeProvider is registered when the container is built.
        builder.Services.AddSingleton(sp => new AttestValidator(
            sp.GetRequiredService<AttestSchemas>(), tables, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
    }

    /// <summary>The store: <c>Storage:Provider</c> = <c>sqlite</c> (embedded default, a file in
    /// <c>Storage:DataDirectory</c>) or <c>postgres</c> (scale-out, <c>Storage:ConnectionString</c>);
    /// one object registered under each of its roles, so every caller asks only for the role it needs.</summary>
    public static void AddStatuutHubStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStoreLifecycle>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IAttestStore>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IDecisionStore>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<ISupportQueries>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IOperatorActions>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IStaffPasswords>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<ICallbackStore>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IConflictLog>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IStatisticsStore>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IJobLeases>(sp => sp.GetRequiredService<IHubStore>());
        builder.Services.AddSingleton<IInboxStore>(sp => sp.GetRequiredService<IHubStore>());
        var protector = PersonalDataKeys.Resolve(builder.Configuration);
        builder.Services.AddSingleton(protector);
        builder.Services.AddHostedService<StatuutHub.Application.Support.PersonalDataRotation>();
        builder.Services.AddOptions<StatuutHub.Application.Support.RetentionOptions>().Bind(builder.Configuration.GetSection("Retention")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StatuutHub.Application.Support.RetentionPurge>();
        builder.Services.AddSingleton<StatuutHub.Application.Jobs.IPeriodicJob>(sp => sp.GetRequiredService<StatuutHub.Application.Support.RetentionPurge>());
        builder.Services.AddOptions<StatuutHub.Application.Statistics.StatisticsOptions>().Bind(builder.Configuration.GetSection("Statistics")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StatuutHub.Application.Statistics.SectorStatistics>();
        builder.Services.AddSingleton<StatuutHub.Application.Jobs.IPeriodicJob>(sp => sp.GetRequiredService<StatuutHub.Application.Statistics.SectorStatistics>());
        var provider = builder.Configuration["Storage:Provider"] ?? "sqlite";
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                var directory = builder.Configuration["Storage:DataDirectory"] ?? "data";
                // Created by the container, so it is disposed with the app (the group-commit loop ends, its connection closes).
                var path = Path.Combine(Path.GetFullPath(directory), "statuut.db");
                builder.Services.AddSingleton(new StatuutHub.Application.Support.BackupSettings(
                    Path.GetFullPath(builder.Configuration["Storage:BackupDirectory"] ?? Path.Combine(directory, "backups"))));
                builder.Services.AddSingleton<IHubStore>(sp => new SqliteHubStore(path, protector, sp.GetRequiredService<TimeProvider>()));
                break;
            case "postgres":
                var connectionString = builder.Configuration["Storage:ConnectionString"];
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Storage:Provider is 'postgres' but Storage:ConnectionString is empty.");
                }

                builder.Services.AddSingleton<IHubStore>(sp => new PostgresHubStore(connectionString, protector, sp.GetRequiredService<TimeProvider>()));
                builder.Services.AddSingleton(new StatuutHub.Application.Support.BackupSettings(Path.GetFullPath(builder.Configuration["Storage:BackupDirectory"] ?? "backups")));
                break;
            default:
                throw new InvalidOperationException($"Unknown Storage:Provider '{provider}'; use 'sqlite' or 'postgres'.");
        }
    }

    /// <summary>Destination options (validated at start-up), pipelines, adapters and the dispatcher.</summary>
    public static void AddStatuutHubDelivery(this WebApplicationBuilder builder)
    {
        foreach (var kind in Kinds)
        {
            var name = Destination.KindName(kind);
            builder.Services.AddOptions<DestinationOptions>(name)
                .Bind(builder.Configuration.GetSection($"Destinations:{name}"))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        builder.Services.AddOptions<DispatcherOptions>().Bind(builder.Configuration.GetSection("Dispatcher")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Dashboard.DashboardOptions>().Bind(builder.Configuration.GetSection("Dashboard")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StatuutHub.Application.Support.AuditOptions>().Bind(builder.Configuration.GetSection("Audit"))
            .Validate(o => string.IsNullOrEmpty(o.CheckpointKey) || o.KeyBytes() is not null, "Audit:CheckpointKey must be base64 of at least 32 random bytes (openssl rand -base64 32).")
            .ValidateOnStart();
        builder.Services.AddOptions<StatuutHub.Application.Reconciliation.ReconciliationOptions>().Bind(builder.Configuration.GetSection("Reconciliation")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DestinationPipelines>();
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddSingleton<DeliveryDispatcher>();
        builder.Services.AddSingleton<StatuutHub.Delivery.Outbox.IOutboxSender>(sp => sp.GetRequiredService<DeliveryDispatcher>());
        builder.Services.AddHostedService<StatuutHub.Delivery.Outbox.OutboxWorker>();
        builder.Services.AddRvaAdapter();
        builder.Services.AddMutualiteitAdapter();
        builder.Services.AddOcmwAdapter();
        builder.Services.AddDimonaAdapter();
        builder.Services.AddOptions<DimonaOptions>().Bind(builder.Configuration.GetSection("Dimona")).ValidateOnStart();
        builder.Services.AddVdabAdapter();
    }

    /// <summary>Creates or migrates the schema. A store of one process (SQLite) also drops the leases a
    /// crashed run left; on a shared store (PostgreSQL) they expire, since other processes may hold them.</summary>
    public static async Task PrepareStoreAsync(this IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IStoreLifecycle>();
        await store.MigrateAsync(ct);
        if (!store.IsSharedAcrossProcesses)
        {
            await store.ReleaseAllLeasesAsync(ct);
        }
    }
}
