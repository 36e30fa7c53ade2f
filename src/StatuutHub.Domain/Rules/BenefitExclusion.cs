using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Rules;

/// <summary>Benefits that are never paid for the same days (rules data, <c>benefitExclusions</c>): an attest that names
/// all of <see cref="Benefits"/> is refused, saying why in plain words.</summary>
public sealed record BenefitExclusion(Benefits Benefits, string WhyNl, string WhyEn, string Source)
{
    /// <summary>True when <paramref name="received"/> holds every benefit of this exclusion.</summary>
    public bool IsBrokenBy(Benefits received) => (received & Benefits) == Benefits;
}
