using StatuutHub.Delivery.Dispatch;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Application.Intake;

/// <summary>The intake use cases, written once for every channel (REST, SOAP, the dashboard, the admin API):
/// submit, amend, cancel, status and the routing preview. Validation, tenant isolation, the store's
/// transaction and waking the dispatcher happen here; channels only translate their format to and from these.</summary>
public sealed class AttestIntake(
    AttestValidator validator,
    RuleTables tables,
    IAttestStore store,
    DispatchSignal signal,
    TimeProvider time,
    HubMetrics metrics,
    AnswerDates answerDates,
    IConflictLog conflicts,
    IntakeLimits limits)
{
    private readonly ConcurrencyCheck _admit = AttestChanges.ConcurrencyRule(tables);

    /// <summary>Accepts a new attest for the requester's own KBO number.</summary>
    public async Task<IntakeResult> SubmitAsync(IncomingAttest incoming, Requester requester, string channel, CancellationToken ct)
    {
        var validation = Validate(incoming, channel);
        if (!validation.IsValid)
        {
            return new IntakeResult.Invalid(validation.Problems);
        }

        var attest = validation.Attest;

        if ((CheckSubmitter(attest, requester) ?? await CheckCrossConflictsAsync(attest, requester, ct)) is { } refused)
        {
            return new IntakeResult.Refused(refused);
        }

        var write = await store.SubmitAsync(AttestChanges.Submission(attest, tables.Routing, requester.Actor, time.GetUtcNow(), Stored(validation.Warnings), _admit), ct);
        return await AnswerAsync(write, validation.Warnings, requester, channel, attest, ct);
    }

    /// <summary>A new version of an existing attest; <paramref name="addressed"/> is the id the channel addressed
    /// (the URL), when it names one apart from the document.</summary>
    public async Task<IntakeResult> AmendAsync(IncomingAttest incoming, Guid? addressed, Requester requester, string channel, CancellationToken ct, int? expectedVersion = null)
    {
        // A running activity may be amended long after it began: the late-start window judged its start when it was
        // accepted. It judges the start again only when the amendment moves it (checked below, against the stored one).
        var validation = Validate(incoming, channel, startAlreadyAccepted: true);
        if (!validation.IsValid)
        {
            return new IntakeResult.Invalid(validation.Problems);
        }

        var attest = validation.Attest;

        if (addressed is { } id && id != attest.AttestId)
        {
            return new IntakeResult.Refused(Refusals.IdMismatch);
        }

        if (await FindAsync(attest.AttestId, requester, ct) is not { } current)
        {
            return new IntakeResult.Refused(Refusals.NotFound(attest.AttestId));
        }

        if (current.Content.Activity.StartDate != attest.Activity.StartDate)
        {
            validation = Validate(incoming, channel);
            if (!validation.IsValid)
            {
                return new IntakeResult.Invalid(validation.Problems);
            }
        }

        if ((CheckSubmitter(attest, requester) ?? await CheckCrossConflictsAsync(attest, requester, ct)) is { } refused)
        {
            return new IntakeResult.Refused(refused);
        }

        return await ChangeAsync(attest.AttestId, AttestChange.Amended, attest, validation.Warnings, requester, channel, expectedVersion, ct);
    }

    /// <summary>Withdraws an attest: a cancel goes to every destination that holds it. An initiative cancels
    /// only its own; support staff may cancel any (for an initiative that stopped).</summary>
    public async Task<IntakeResult> CancelAsync(Guid attestId, Requester requester, CancellationToken ct, int? expectedVersion = null)
    {
        if (requester.IsInitiative && await FindAsync(attestId, requester, ct) is null)
        {
            return new IntakeResult.Refused(Refusals.NotFound(attestId));
        }

        return await ChangeAsync(attestId, AttestChange.Cancelled, null, [], requester, channel: null, expectedVersion, ct);
    }

    /// <summary>The attest with its deliveries and history, if it exists and the requester may see it.</summary>
    public async Task<AttestView?> FindAsync(Guid attestId, Requester requester, CancellationToken ct)
    {
        var view = await store.GetAttestAsync(attestId, ct);
        return view is not null && (!requester.IsInitiative || view.Content.Initiative.Kbo.Value == requester.InitiativeKbo) ? view : null;
    }

    /// <summary>Who would receive the attest and why, by when and when to expect the answers; stores nothing.</summary>
    public RoutingPreview Preview(IncomingAttest incoming)
    {
        var result = incoming.ValidateWith(validator);
        if (!result.IsValid)
        {
            return new RoutingPreview(null, null, [], result.Problems);
        }

        var plan = Router.Plan(result.Attest, tables.Routing);
        var today = Domain.Calendar.BelgianTime.DayOf(time.GetUtcNow());
        return new RoutingPreview(result.Attest, plan, plan.Messages.Select(m => answerDates.Preview(m, result.Attest.Activity.StartDate, today)).ToArray(), []);
    }

    private async Task<IntakeResult> ChangeAsync(Guid attestId, AttestChange change, Attest? content, IReadOnlyList<ValidationProblem> warnings, Requester requester, string? channel, int? expectedVersion, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var stored = Stored(warnings);
        var write = await store.ChangeAsync(attestId, current => AttestChanges.Decide(current, change, content, tables.Routing, requester.Actor, at, stored, _admit, expectedVersion), ct);
        return await AnswerAsync(write, warnings, requester, channel, content, ct);
    }

    private async Task<IntakeResult> AnswerAsync(WriteResult write, IReadOnlyList<ValidationProblem> warnings, Requester requester, string? channel, Attest? attest, CancellationToken ct)
    {
        if (write.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
            if (channel is not null)
            {
                metrics.AttestAccepted(channel);
            }
        }

        if (Refusals.Of(write) is not { } refusal)
        {
            return new IntakeResult.Accepted(write, warnings);
        }

        // A conflict with the initiative's own attest is said precisely. With another initiative's, the code would tell its framework
        // and the answer to repeated tries its hours or allowances: the initiative hears only that support must look, support reads
        // both sides in the conflict log, and the alert counts them.
        if (refusal.ConflictingAttestId is { } other && requester.IsInitiative && attest is not null && await FindAsync(other, requester, ct) is null)
        {
            await conflicts.RecordCrossConflictAsync(
                new CrossConflict(requester.InitiativeKbo!, attest.AttestId, other, refusal.Code, time.GetUtcNow(), attest.Participant.Insz.Value), ct);
            return new IntakeResult.Refused(Refusals.NeedsSupportCheck);
        }

        return new IntakeResult.Refused(refusal);
    }

    /// <summary>After <see cref="IntakeLimits.MaxCrossConflictsPerPersonPerDay"/> such conflicts for one person in a day, the initiative's
    /// attests for that person are not judged until support has looked: each answers the same as a conflict.</summary>
    private async Task<Refusal?> CheckCrossConflictsAsync(Attest attest, Requester requester, CancellationToken ct) =>
        requester.IsInitiative && await conflicts.CountCrossConflictsAsync(requester.InitiativeKbo!, attest.Participant.Insz.Value, time.GetUtcNow().AddDays(-1), ct)
            >= limits.MaxCrossConflictsPerPersonPerDay
            ? Refusals.NeedsSupportCheck
            : null;

    private static AttestWarning[] Stored(IReadOnlyList<ValidationProblem> warnings) =>
        warnings.Select(w => new AttestWarning(w.Path, w.Code, w.MessageNl, w.MessageEn)).ToArray();

    private static Refusal? CheckSubmitter(Attest attest, Requester requester) =>
        !requester.IsInitiative || attest.Initiative.Kbo.Value == requester.InitiativeKbo ? null : Refusals.InitiativeMismatch(requester.InitiativeKbo!);

    private AttestValidationResult Validate(IncomingAttest incoming, string channel, bool startAlreadyAccepted = false)
    {
        var result = incoming.ValidateWith(validator, startAlreadyAccepted);
        if (!result.IsValid)
        {
            metrics.AttestRejected(channel, result.Problems.Select(p => p.Code));
        }

        return result;
    }
}
