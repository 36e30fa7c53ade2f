using Microsoft.Extensions.Options;
using StatuutHub.Application.Callbacks;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Callbacks;

/// <summary>Initiatives' callbacks: registered by staff (<c>/api/v1/admin/initiatives/{kbo}/callback</c>), their events listed and
/// dead letters offered again. The sending itself is <see cref="CallbackSender"/>'s.</summary>
public static class CallbackApi
{
    private const string Tag = "Admin";

    /// <summary>The options (validated at start-up), the use case, the sender and its HTTP client.</summary>
    public static void AddStatuutHubCallbacks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallbackOptions>().Bind(builder.Configuration.GetSection("Callbacks")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CallbackSignal>();
        builder.Services.AddSingleton<CallbackRegistry>();
        builder.Services.AddSingleton<CallbackSender>();
        builder.Services.AddSingleton<StatuutHub.Delivery.Outbox.IOutboxSender>(sp => sp.GetRequiredService<CallbackSender>());
        builder.Services.AddHttpClient(CallbackSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CallbackConnections.Handler(sp.GetRequiredService<IOptions<CallbackOptions>>().Value));
    }

    public static void MapCallbackApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(HubPolicies.StaffViewer);
        admin.MapPut("/initiatives/{kbo}/callback", async (string kbo, CallbackRequest body, CallbackRegistry registry, CancellationToken ct) =>
            await registry.RegisterAsync(kbo, body.Url, body.Secret, ct) switch
            {
                { Refusal: { } refusal } => HubProblems.Refused(refusal),
                { Subscription: { } s } registered => TypedResults.Ok(new CallbackRegistered(s.InitiativeKbo, s.Url, s.RegisteredAt, registered.GeneratedSecret)),
                _ => throw new InvalidOperationException("a registration is either refused or registered"),
            })
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Een terugmeldadres voor een initiatief registreren of vervangen; zonder geheim maakt de hub er een, dat één keer getoond wordt (operator) / Register or replace an initiative's callback; without a secret the hub makes one, shown once (operator)", 400)
            .Produces<CallbackRegistered>(StatusCodes.Status200OK);
        admin.MapDelete("/initiatives/{kbo}/callback", async (string kbo, CallbackRegistry registry, CancellationToken ct) =>
                await registry.RemoveAsync(kbo, ct)
                    ? Results.NoContent()
                    : HubProblems.Single(StatusCodes.Status404NotFound, "CALLBACK_NOT_FOUND", "Dit initiatief heeft geen terugmeldadres.", "This initiative has no callback."))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Het terugmeldadres van een initiatief verwijderen, met wat het nog tegoed had (operator) / Remove an initiative's callback and what it was still owed (operator)", 404)
            .Produces(StatusCodes.Status204NoContent);
        admin.MapGet("/callbacks", async (CallbackRegistry registry, CallbackSender sender, CancellationToken ct) =>
            {
                var circuits = sender.CircuitStates();
                return TypedResults.Ok((await registry.ListAsync(ct)).Select(c => new CallbackListItem(
                    c.InitiativeKbo,
                    c.Url,
                    c.RegisteredAt,
                    c.Position,
                    Enum.GetValues<CallbackEventState>().ToDictionary(s => s.ToString(), s => c.Events.GetValueOrDefault(s)),
                    circuits.TryGetValue(c.InitiativeKbo, out var circuit) ? circuit.ToString() : "Closed",
                    c.LastError)).ToList());
            })
            .Described(Tag, "Geregistreerde terugmeldadressen met hun gebeurtenissen per toestand / Registered callbacks with their events per state")
            .Produces<List<CallbackListItem>>(StatusCodes.Status200OK);
        admin.MapGet("/callbacks/events", async (string? initiative, string? state, int? limit, ICallbackStore store, CancellationToken ct) =>
                state is not null && !Enum.TryParse<CallbackEventState>(state, ignoreCase: true, out _)
                    ? HubProblems.Single(StatusCodes.Status400BadRequest, "STATE_INVALID", "Onbekende toestand; kies Pending, Sent of DeadLettered.", "Unknown state; choose Pending, Sent or DeadLettered.")
                    : Results.Ok((await store.ReadCallbackEventsAsync(initiative, state is null ? null : Enum.Parse<CallbackEventState>(state, ignoreCase: true), limit ?? 100, ct))
                        .Select(e => new CallbackEventItem(e.EventId, e.InitiativeKbo, e.AttestId, e.Type, e.State.ToString(), e.Attempts,
                            e.CreatedAt, e.SentAt, e.NextDueAt, e.LastError)).ToList()))
            .Described(Tag, "Gebeurtenissen voor initiatieven, nieuwste eerst / Events for initiatives, newest first", 400)
            .Produces<List<CallbackEventItem>>(StatusCodes.Status200OK);
        admin.MapPost("/callbacks/retry", async (CallbackRetryRequest body, CallbackRegistry registry, CancellationToken ct) =>
                TypedResults.Ok(new CallbackRetried(await registry.RetryAsync(body.Initiative, body.EventId, ct))))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Dode gebeurtenissen opnieuw aanbieden: één, van één initiatief, of alle (operator) / Offer dead-lettered events again: one, one initiative's, or all (operator)")
            .Produces<CallbackRetried>(StatusCodes.Status200OK);
    }

    /// <summary>A callback to register: the HTTPS address, and optionally the initiative's own secret (at least 32 characters).</summary>
    public sealed record CallbackRequest(string? Url, string? Secret);

    /// <summary>Which dead letters to offer again; both empty = all.</summary>
    public sealed record CallbackRetryRequest(string? Initiative, Guid? EventId);
}
