using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Application.Intake;

/// <summary>The routing plan of a valid attest, each message with why it goes there, by when its body must have
/// it and when its answer is expected if it is sent today; or the problems of an invalid attest.</summary>
public sealed record RoutingPreview(Attest? Attest, RoutingPlan? Plan, IReadOnlyList<PreviewedMessage> Messages, IReadOnlyList<ValidationProblem> Problems);

/// <summary>One planned message with its submission deadline (null when its body sets none) and expected answer date.</summary>
public sealed record PreviewedMessage(PlannedMessage Message, DateOnly? DueBy, DateOnly ExpectedAnswerBy);
