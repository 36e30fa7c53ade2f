using StatuutHub.Application;
using StatuutHub.Application.Intake;
using StatuutHub.Application.Reconciliation;
using StatuutHub.Application.Support;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Admin;

/// <summary><c>/api/v1/admin/...</c>: the dashboard's powers as JSON, for scripts and the CLI. Handlers
/// translate to the support desk's and intake's use cases and the support queries.</summary>
/// <remarks>Staff API keys only (scripts, the CLI): reads need <c>viewer</c> or <c>operator</c>, actions
/// <c>operator</c>; actions are audited as the key's staff member.</remarks>
public static class AdminApi
{
    private const string Tag = "Admin";

    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(HubPolicies.StaffViewer);
        admin.MapGet("/overview", OverviewAsync).Described(Tag, "Tellingen per toestand en instantie, circuits, laatste 24 uur / Counts, circuits, the last 24 hours").Produces<OverviewAnswer>(StatusCodes.Status200OK);
        admin.MapGet("/deliveries", DeliveriesAsync).Described(Tag, "Bezorgingen met filters, per pagina / Deliveries, filtered and paged", 400).Produces<DeliveriesPage>(StatusCodes.Status200OK);
        admin.MapGet("/failures", async (ISupportQueries queries, CancellationToken ct) =>
            TypedResults.Ok((await queries.GetFailureGroupsAsync(ct)).Select(FailureGroupAnswer.From).ToList()))
            .Described(Tag, "Mislukte bezorgingen per instantie en reden / Failed deliveries by destination and reason").Produces<List<FailureGroupAnswer>>(StatusCodes.Status200OK);
        admin.MapPost("/deliveries/{deliveryId:long}/retry", async (long deliveryId, [AsParameters] SupportRequest support, CancellationToken ct) =>
            Requeued(await support.Desk.RequeueAsync([deliveryId], support.Requester, ct)))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Een bezorging nu opnieuw versturen (operator) / Send a delivery again now (operator)").Produces<RequeuedAnswer>(StatusCodes.Status200OK);
        admin.MapPost("/dead-letters/replay", async (ReplayRequest body, [AsParameters] SupportRequest support, CancellationToken ct) =>
            Requeued(await support.Desk.RequeueAsync(body.DeliveryIds ?? await support.Desk.DeadLettersAsync(body.Destination, ct), support.Requester, ct)))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Dode brieven opnieuw aanbieden (operator) / Replay dead letters (operator)", 400).Produces<RequeuedAnswer>(StatusCodes.Status200OK);
        admin.MapPost("/dead-letters/archive", async (ArchiveRequest body, [AsParameters] SupportRequest support, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(body.Reason)
                    ? HubProblems.Single(StatusCodes.Status400BadRequest, "ARCHIVE_REASON_REQUIRED", "Zeg waarom deze dode brieven gearchiveerd worden.", "Say why these dead letters are archived.")
                    : Archived(await support.Desk.ArchiveAsync(body.DeliveryIds ?? [], body.Reason, support.Requester, ct)))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Dode brieven archiveren met een reden: weg uit de lijsten van mislukte bezorgingen en de meldingen (operator) / Archive dead letters with a reason: off the failure lists and the alerts (operator)", 400)
            .Produces<ArchivedAnswer>(StatusCodes.Status200OK);
        admin.MapPost("/dead-letters/unarchive", async (UnarchiveRequest body, [AsParameters] SupportRequest support, CancellationToken ct) =>
                Unarchived(await support.Desk.UnarchiveAsync(body.DeliveryIds ?? [], support.Requester, ct)))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Gearchiveerde dode brieven terugzetten (operator) / Put archived dead letters back (operator)")
            .Produces<UnarchivedAnswer>(StatusCodes.Status200OK);
        admin.MapPost("/deliveries/{deliveryId:long}/ask-status", async (long deliveryId, [AsParameters] SupportRequest support, DecisionReconciler reconciler, CancellationToken ct) =>
                await reconciler.AskNowAsync(deliveryId, support.Requester, ct) is { } asked
                    ? TypedResults.Ok(AskStatusAnswer.From(asked))
                    : HubProblems.Single(StatusCodes.Status404NotFound, "NOT_AWAITING_DECISION", "Deze bezorging wacht niet op een beslissing.", "This delivery does not wait for a decision."))
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "De instantie nu om haar beslissing vragen (operator) / Ask the agency for its decision now (operator)", 404).Produces<AskStatusAnswer>(StatusCodes.Status200OK);
        admin.MapPost("/backup", async ([AsParameters] SupportRequest support, StoreBackups backups, CancellationToken ct) =>
            {
                try
                {
                    var made = await backups.MakeAsync(support.Requester, ct);
                    return TypedResults.Ok(BackupAnswer.From(made));
                }
                catch (NotSupportedException ex)
                {
                    return HubProblems.Single(StatusCodes.Status400BadRequest, "BACKUP_NOT_SUPPORTED",
                        "Deze opslag wordt met de eigen hulpmiddelen van de databankserver geback-upt (pg_dump).", ex.Message);
                }
            })
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Een consistente back-up van de opslag, terwijl de hub werkt (operator) / A consistent backup of the store, while the hub works (operator)", 400)
            .Produces<BackupAnswer>(StatusCodes.Status200OK);
        // An operator may withdraw an attest for an initiative (for example one that stopped), sending the cancellations.
        admin.MapPost("/attests/{attestId:guid}/cancel", CancelAsync).RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "Een attest annuleren voor een initiatief (operator) / Cancel an attest for an initiative (operator)", 404, 409).Produces<AdminCancelAnswer>(StatusCodes.Status202Accepted);
        admin.MapGet("/attests/{attestId:guid}", async (Guid attestId, [AsParameters] SupportRequest support, CancellationToken ct) =>
            await support.Intake.FindAsync(attestId, support.Requester, ct) is { } view
                ? TypedResults.Ok(AttestStatusDocument.From(view, support.Deadlines))
                : HubProblems.Single(StatusCodes.Status404NotFound, "ATTEST_NOT_FOUND", "Onbekend attest.", "Unknown attest."))
            .Described(Tag, "Eender welk attest met zijn tijdlijn / Any attest with its timeline", 404).Produces<AttestStatusDocument>(StatusCodes.Status200OK);
        admin.MapGet("/audit/verify", async (IAuditTrail audit, CancellationToken ct) =>
        {
            var result = await audit.VerifyAuditAsync(ct);
            return TypedResults.Ok(AuditVerifyAnswer.From(result));
        }).Described(Tag, "De hashketens van het auditspoor nakijken / Verify the audit trail's hash chains").Produces<AuditVerifyAnswer>(StatusCodes.Status200OK);
        admin.MapPost("/audit/checkpoint", async (AuditCheckpoints checkpoints, CancellationToken ct) => checkpoints.Configured
                ? TypedResults.Ok(await checkpoints.CreateAsync(ct))
                : NoCheckpointKey())
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "De koppen van de auditketens, ondertekend, om buiten de databank te bewaren (operator) / The audit chains' heads, signed, to keep outside the database (operator)", 400)
            .Produces<AuditCheckpoint>(StatusCodes.Status200OK);
        admin.MapPost("/audit/verify-checkpoint", async (AuditCheckpoint checkpoint, AuditCheckpoints checkpoints, CancellationToken ct) =>
            {
                if (!checkpoints.Configured)
                {
                    return NoCheckpointKey();
                }

                var result = await checkpoints.VerifyAsync(checkpoint, ct);
                return TypedResults.Ok(CheckpointVerifyAnswer.From(result));
            })
            .Described(Tag, "De opslag nakijken tegen een bewaard checkpoint / Check the store against a kept checkpoint", 400)
            .Produces<CheckpointVerifyAnswer>(StatusCodes.Status200OK);
        admin.MapGet("/conflicts", async (IConflictLog conflicts, TimeProvider time, CancellationToken ct) =>
                TypedResults.Ok((await conflicts.ReadCrossConflictsAsync(time.GetUtcNow().AddDays(-30), 500, ct)).Select(CrossConflictAnswer.From).ToList()))
            .Described(Tag, "Attesten geweigerd voor een botsing met een attest van een ander initiatief, laatste 30 dagen (beide kanten) / Attests refused for a clash with another initiative's attest, last 30 days (both sides)")
            .Produces<List<CrossConflictAnswer>>(StatusCodes.Status200OK);
        // POST, so an INSZ never travels in a URL (proxies and access logs keep URLs).
        admin.MapPost("/search", async (SearchRequest body, SupportDesk desk, CancellationToken ct) =>
        {
            var found = await desk.SearchAsync(body.Query ?? string.Empty, ct);
            return found is null
                ? HubProblems.Single(StatusCodes.Status400BadRequest, "SEARCH_NOT_UNDERSTOOD", "Geef een attestId, een INSZ of een KBO-nummer.", "Give an attestId, an INSZ or a KBO number.")
                : TypedResults.Ok(found.Select(SearchHit.From).ToList());
        }).Described(Tag, "Zoeken op attestId, INSZ of KBO (POST: geen INSZ in een URL) / Search by attestId, INSZ or KBO", 400).Produces<List<SearchHit>>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> OverviewAsync(ISupportQueries queries, DestinationPipelines pipelines, TimeProvider time, CancellationToken ct)
    {
        var overview = await queries.GetOverviewAsync(time.GetUtcNow(), ct);
        return TypedResults.Ok(OverviewAnswer.From(overview, pipelines.CircuitStates()));
    }

    private static async Task<IResult> DeliveriesAsync(string? state, string? destination, string? initiative, DateTimeOffset? from, DateTimeOffset? to, long? before, long? after, int? pageSize, ISupportQueries queries, CancellationToken ct)
    {
        if (!SupportDesk.TryState(state, out var parsed))
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "UNKNOWN_STATE", $"Onbekende toestand '{state}'.", $"Unknown state '{state}'.");
        }

        var page = await queries.ListDeliveriesAsync(new DeliveryQuery(parsed, destination, initiative, from, to, before, pageSize ?? 50, after), ct);
        return TypedResults.Ok(DeliveriesPage.From(page));
    }

    private static async Task<IResult> CancelAsync(Guid attestId, [AsParameters] SupportRequest support, CancellationToken ct) =>
        await support.Intake.CancelAsync(attestId, support.Requester, ct) switch
        {
            IntakeResult.Accepted { Write: var w } => TypedResults.Accepted($"/api/v1/admin/attests/{attestId}", new AdminCancelAnswer(attestId, w.Version, w.Status.ToString())),
            IntakeResult.Refused { Refusal: var r } => HubProblems.Refused(r),
            var other => throw new InvalidOperationException($"A cancel cannot end in {other}."),
        };

    private static IResult NoCheckpointKey() => HubProblems.Single(StatusCodes.Status400BadRequest, "AUDIT_KEY_NOT_CONFIGURED",
        "Er is geen sleutel voor audit-checkpoints geconfigureerd (Audit:CheckpointKey).", "No audit checkpoint key is configured (Audit:CheckpointKey).");

    private static IResult Requeued(MoveResult result) => TypedResults.Ok(new RequeuedAnswer(result.Moved, result.Skipped));

    private static IResult Archived(MoveResult result) => TypedResults.Ok(new ArchivedAnswer(result.Moved, result.Skipped));

    private static IResult Unarchived(MoveResult result) => TypedResults.Ok(new UnarchivedAnswer(result.Moved, result.Skipped));

    public sealed record ReplayRequest(long[]? DeliveryIds, string? Destination);

    public sealed record SearchRequest(string? Query);

    public sealed record ArchiveRequest(long[]? DeliveryIds, string? Reason);

    public sealed record UnarchiveRequest(long[]? DeliveryIds);
}

/// <summary>What the support handlers need, bundled: the caller and the use cases.</summary>
public sealed record SupportRequest(HttpContext Http, SupportDesk Desk, AttestIntake Intake, DeadlineWatch Deadlines)
{
    /// <summary>The signed-in or key-holding staff member, as the audit trail names them.</summary>
    public Requester Requester => Http.Caller().AsRequester();
}
