using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Application.Intake;

/// <summary>The routing plan of a valid attest (who receives what, and why; which benefit no body is told
/// about), or the problems of an invalid one.</summary>
public sealed record RoutingPreview(Attest? Attest, RoutingPlan? Plan, IReadOnlyList<ValidationProblem> Problems);
