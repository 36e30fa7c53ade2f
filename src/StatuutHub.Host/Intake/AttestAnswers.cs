using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Intake;

/// <summary>The answer to an accepted submission, amendment or cancellation, on every channel that answers in JSON: where the
/// attest stands and the warnings it was accepted with.</summary>
public sealed record AcceptedAnswer(Guid AttestId, int Version, string Status, string StatusUrl, IReadOnlyList<ProblemAnswer> Warnings)
{
    public static AcceptedAnswer From(IntakeResult.Accepted accepted) => new(
        accepted.Write.AttestId,
        accepted.Write.Version,
        accepted.Write.Status.ToString(),
        AttestApi.StatusUrl(accepted.Write.AttestId),
        [.. accepted.Warnings.Select(p => new ProblemAnswer(p.Path, p.Code, p.MessageNl, p.MessageEn))]);
}

/// <summary>One page of the change feed: follow <see cref="Next"/> while <see cref="More"/>, and keep it to ask again later.</summary>
public sealed record ChangesPage(IReadOnlyList<ChangedAttest> Items, string Next, bool More);

/// <summary>An attest that changed, with where its status is read.</summary>
public sealed record ChangedAttest(Guid AttestId, int Version, string Status, DateTimeOffset ChangedAt, string StatusUrl);

/// <summary>Which bodies an attest would reach, why and by when, what no body covers (gaps) and which requests a held permission spares.</summary>
public sealed record RoutingPreviewAnswer(Guid AttestId, IReadOnlyList<PreviewDestination> Destinations, IReadOnlyList<PreviewGap> Gaps, IReadOnlyList<PreviewSpared> Spared)
{
    public static RoutingPreviewAnswer From(Attest attest, RoutingPlan plan, IEnumerable<PreviewedMessage> messages) => new(
        attest.AttestId,
        [.. messages.Select(p => new PreviewDestination(p.Message.Destination.Id, Destination.KindName(p.Message.Destination.Kind), p.Message.Kind.ToString(),
            p.Message.Reason, p.Message.WaitsOn?.Id, p.DueBy, p.ExpectedAnswerBy))],
        [.. plan.Gaps.Select(g => new PreviewGap(ContractNames.BenefitNamesOf(g.Benefit).Single(), g.Body, g.Reason))],
        [.. plan.Spared.Select(s => new PreviewSpared(s.Body, s.Reference, s.ValidUntil))]);
}

/// <summary>One message the attest would send: to which body, of which kind, why, after which other body, due and answered by when.</summary>
public sealed record PreviewDestination(string Destination, string Kind, string Message, string Reason, string? WaitsOn, DateOnly? DueBy, DateOnly ExpectedAnswerBy);

/// <summary>A benefit no body in the routing covers.</summary>
public sealed record PreviewGap(string Benefit, string Body, string Reason);

/// <summary>A request not sent because the participant holds a valid permission.</summary>
public sealed record PreviewSpared(string Body, string Reference, DateOnly ValidUntil);
