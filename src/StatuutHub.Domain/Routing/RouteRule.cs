using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Geography;

namespace StatuutHub.Domain.Routing;

/// <summary>One row of the routing table (rules data): when the participant receives <see cref="When"/> (or
/// always, when null), <see cref="To"/> must be told, for <see cref="Why"/>; <see cref="After"/> names the body
/// whose permission must come first (the RVA after the regional employment service). A row with <see cref="Kind"/> holds
/// for attests of that framework only (VDAB for every AMA WSE participant, whatever the benefits).</summary>
public sealed record RouteRule(Benefits? When, RouteTarget To, RouteTarget? After, string Why)
{
    /// <summary>The framework the row holds for; null: every attest.</summary>
    public AttestKind? Kind { get; init; }

    /// <summary>True: the row holds only for a participant registered as a job seeker (also without a benefit).</summary>
    public bool JobSeeker { get; init; }
}

/// <summary>The bodies a route can name; the regional employment service is chosen by the residence's region.</summary>
public enum RouteTarget
{
    /// <summary>VDAB, Actiris, Forem or ADG, by the region of the residence.</summary>
    RegionalEmploymentService,

    /// <summary>VDAB itself, whatever the residence: it decides access to AMA WSE for everyone.</summary>
    Vdab,

    /// <summary>The RVA, as payer of the unemployment benefit.</summary>
    Rva,

    /// <summary>The adviserend arts of the participant's mutualiteit.</summary>
    Mutualiteit,

    /// <summary>The competent OCMW.</summary>
    Ocmw,

    /// <summary>The RSZ's Dimona declaration.</summary>
    Dimona,

    /// <summary>Nobody: the benefit needs no body's agreement (no message, and no gap).</summary>
    Nobody,
}

/// <summary>The regional employment service of a region (rules data): its name, and the hub destination that
/// reaches it, or none when the hub has no adapter for it yet (then the plan shows a gap).</summary>
public sealed record RegionalService(Region Region, string Name, DestinationKind? Destination);

/// <summary>How long a permission a body gave stays valid (rules data): a held permission younger than this on the
/// start date spares the request; a running activity asks again <see cref="RenewBeforeDays"/> before it expires.</summary>
public sealed record PermissionValidity(PermissionBody Body, int Months, int RenewBeforeDays);
