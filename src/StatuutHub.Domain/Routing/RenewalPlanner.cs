using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Routing;

/// <summary>When to ask a body again: its permission, approved on a day, lasts the months of the
/// <c>permissionValidity</c> rules (VDAB and the OCMW a year, the adviserend arts two); while the activity runs past that,
/// the hub asks again the rule's number of days before it expires. Open-ended activities are renewed until they end.</summary>
public static class RenewalPlanner
{
    /// <summary>The kind of permission a destination gives, if its permissions expire.</summary>
    public static PermissionBody? BodyOf(DestinationKind kind) => kind switch
    {
        DestinationKind.Vdab => PermissionBody.EmploymentService,
        DestinationKind.Ocmw => PermissionBody.Ocmw,
        DestinationKind.Mutualiteit => PermissionBody.Mutualiteit,
        _ => null,
    };

    /// <summary>The renewal of a permission <paramref name="kind"/> approved on <paramref name="approvedOn"/> for an activity
    /// ending on <paramref name="activityEnd"/> (null: open-ended); null when none is needed. The permission lasts until
    /// <paramref name="validUntil"/> when the body gave its last day, else the rules' months from the approval.</summary>
    public static Renewal? Next(DestinationKind kind, DateOnly approvedOn, DateOnly? activityEnd, RoutingTable table, DateOnly? validUntil = null)
    {
        if (BodyOf(kind) is not { } body || table.ValidityOf(body, approvedOn) is not { } validity)
        {
            return null;
        }

        var lastDay = validUntil ?? approvedOn.AddMonths(validity.Months).AddDays(-1);
        if (activityEnd is { } end && end <= lastDay)
        {
            return null; // the permission outlasts the activity
        }

        var askOn = lastDay.AddDays(1 - validity.RenewBeforeDays);
        return new Renewal(askOn < approvedOn ? approvedOn : askOn, lastDay);
    }
}

/// <summary>A planned renewal: the day the hub asks again and the last day of the permission it renews.</summary>
public sealed record Renewal(DateOnly AskOn, DateOnly PermissionEnds);
